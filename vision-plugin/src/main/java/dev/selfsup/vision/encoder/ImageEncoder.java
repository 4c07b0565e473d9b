package dev.selfsup.vision.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.Image;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * The input side shared by the encoders of square images of a fixed size and channel count ({@code image} and
 * {@code channels} in their settings): checking samples, collating them into a {@code (batch, channels, size,
 * size)} array, raw pixel features, and reading image files.
 */
abstract class ImageEncoder implements Encoder {

    /** The largest image decoded (64 megapixels, 256 MB as RGB); a bigger file is refused before decoding. */
    private static final long MAX_DECODED_PIXELS = 1L << 26;

    private final String encoderName;
    private final Settings settings;
    private final int channels;
    private final int imageSize;

    /**
     * Reads the input side's settings.
     *
     * @param encoderName the encoder's name, for messages
     * @param settings the encoder's validated settings, with {@code image} and {@code channels}
     */
    ImageEncoder(String encoderName, Settings settings) {
        this.encoderName = encoderName;
        this.settings = settings;
        this.channels = settings.getInt("channels");
        this.imageSize = settings.getInt("image");
    }

    @Override
    public final String modality() {
        return Sample.IMAGE;
    }

    @Override
    public final Settings settings() {
        return settings;
    }

    @Override
    public final Shape[] inputShapes(int batchSize) {
        return new Shape[] {new Shape(batchSize, channels, imageSize, imageSize)};
    }

    @Override
    public final NDList collate(List<Sample> samples, NDManager manager) {
        int size = channels * imageSize * imageSize;
        float[] batch = new float[samples.size() * size];
        for (int i = 0; i < samples.size(); i++) {
            image(samples.get(i)).copyTo(batch, i * size);
        }
        return new NDList(manager.create(batch, new Shape(samples.size(), channels, imageSize, imageSize)));
    }

    private Image image(Sample sample) {
        Image image = sample.get(Sample.IMAGE, Image.class);
        if (image.channels() != channels || image.height() != imageSize || image.width() != imageSize) {
            throw new IllegalArgumentException("the " + encoderName + " encoder expects " + channels + "x" + imageSize + "x"
                    + imageSize + " images (encoder.channels, encoder.image), got " + image.channels() + "x"
                    + image.height() + "x" + image.width());
        }
        return image;
    }

    @Override
    public final float[] rawFeatures(Sample sample) {
        return image(sample).pixels();
    }

    /**
     * Reads an image file (PNG, JPEG, BMP, GIF: what {@link ImageIO} reads), scaled to the encoder's size if
     * needed and converted to its channels: grey (luminance) for one channel, RGB for three; pixels in
     * [0, 1]. MNIST-style images are white digits on black, as in the data sets.
     */
    @Override
    public final Sample readFile(Path file) throws IOException {
        if (channels != 1 && channels != 3) {
            throw new IOException("image files give 1 or 3 channels; this encoder takes " + channels);
        }
        BufferedImage read = decode(file);
        BufferedImage scaled = new BufferedImage(imageSize, imageSize, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(read, 0, 0, imageSize, imageSize, null);
        g.dispose();
        float[] pixels = new float[channels * imageSize * imageSize];
        int plane = imageSize * imageSize;
        for (int y = 0; y < imageSize; y++) {
            for (int x = 0; x < imageSize; x++) {
                int rgb = scaled.getRGB(x, y);
                float r = (rgb >> 16 & 0xFF) / 255f;
                float gr = (rgb >> 8 & 0xFF) / 255f;
                float b = (rgb & 0xFF) / 255f;
                int at = y * imageSize + x;
                if (channels == 1) {
                    pixels[at] = 0.299f * r + 0.587f * gr + 0.114f * b;
                } else {
                    pixels[at] = r;
                    pixels[plane + at] = gr;
                    pixels[2 * plane + at] = b;
                }
            }
        }
        return Sample.unlabelled(Sample.IMAGE, new Image(channels, imageSize, imageSize, pixels));
    }

    /** Decodes an image file, refusing one too large to decode safely before decoding it. */
    private static BufferedImage decode(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file + " is not an image file this encoder can read (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                long width;
                long height;
                try {
                    reader.setInput(in, true, true);
                    width = reader.getWidth(0);
                    height = reader.getHeight(0);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ": cannot read the image header (" + e.getMessage() + ")", e);
                }
                if (width * height > MAX_DECODED_PIXELS) {
                    throw new IOException(file + " is " + width + "x" + height + " pixels, more than the "
                            + MAX_DECODED_PIXELS + " this encoder decodes; scale it down first");
                }
                try {
                    return reader.read(0);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ": cannot decode the image, it may be truncated or corrupt ("
                            + e.getMessage() + ")", e);
                }
            } finally {
                reader.dispose();
            }
        }
    }
}
