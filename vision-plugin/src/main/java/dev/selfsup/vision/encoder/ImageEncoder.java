package dev.selfsup.vision.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.Image;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.vision.image.ImageFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The input side shared by the encoders of square images of a fixed size and channel count ({@code image} and
 * {@code channels} in their settings): checking samples, collating them into a {@code (batch, channels, size,
 * size)} array, raw pixel features, and reading image files.
 */
abstract class ImageEncoder implements Encoder {

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
     * Reads an image file (PNG, JPEG, BMP, GIF), stretched to the encoder's size if needed and converted to its
     * channels: grey (luminance) for one channel, RGB for three; pixels in [0, 1]; transparency becomes black, as
     * the background of MNIST-style images (white digits on black).
     */
    @Override
    public final Sample readFile(Path file) throws IOException {
        if (channels != 1 && channels != 3) {
            throw new IOException("image files give 1 or 3 channels; this encoder takes " + channels);
        }
        return Sample.unlabelled(Sample.IMAGE,
                new ImageFiles(channels, imageSize, ImageFiles.Fit.STRETCH, "black").read(file));
    }
}
