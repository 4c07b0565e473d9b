package dev.selfsup.vision.image;

import dev.selfsup.api.Image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Reads image files (PNG, JPEG, BMP, GIF: what {@link ImageIO} reads) of any size, colour or grey, with or without
 * alpha, into square {@link Image}s of a fixed size and channel count. Transparent pixels are composited over a
 * background colour (clip art is drawn on transparency and meant to be seen on white); a non-square picture is
 * either stretched or fitted inside the square and padded with the background, keeping its aspect ratio. Files
 * too large to decode safely are refused from their header, before decoding.
 */
public final class ImageFiles {

    /** The largest picture decoded (64 megapixels, 256 MB as RGB), after subsampling. */
    private static final long MAX_DECODED_PIXELS = 1L << 26;
    /**
     * The largest picture read at all (1,073 megapixels: the largest Open Clip Art picture is 20,990 x 29,700, read
     * every 232nd pixel); a bigger one is refused from its header, before any decoding, so a decompression bomb
     * costs nothing.
     */
    private static final long MAX_SOURCE_PIXELS = 1L << 30;

    /** How a picture that is not square becomes a square. */
    public enum Fit {
        /** Scaled to the square, aspect ratio changed. */
        STRETCH,
        /** Scaled to fit inside the square, centred, the rest filled with the background. */
        PAD;

        /**
         * Parses a recipe value.
         *
         * @param value {@code stretch} or {@code pad}
         * @return the fit
         */
        public static Fit of(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** The recipe values of {@link Fit}. */
    public static final List<String> FITS = List.of("pad", "stretch");
    /** The recipe values of the background colour. */
    public static final List<String> BACKGROUNDS = List.of("white", "black");

    private final int channels;
    private final int size;
    private final Fit fit;
    private final Color background;

    /**
     * Creates a reader.
     *
     * @param channels 1 (grey, luminance) or 3 (RGB)
     * @param size the side of the square images made
     * @param fit how a picture that is not square is made square
     * @param background {@code white} or {@code black}: what transparency and padding become
     */
    public ImageFiles(int channels, int size, Fit fit, String background) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("image files give 1 or 3 channels, not " + channels);
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        this.channels = channels;
        this.size = size;
        this.fit = fit;
        this.background = switch (background) {
            case "white" -> Color.WHITE;
            case "black" -> Color.BLACK;
            default -> throw new IllegalArgumentException("background must be one of " + BACKGROUNDS + ", got "
                    + background);
        };
    }

    /**
     * Reads one file.
     *
     * @param file the image file
     * @return the image, {@code channels x size x size}, pixels in [0, 1]
     * @throws IOException if the file cannot be read, is not an image, is truncated or too large, naming the file
     */
    public Image read(Path file) throws IOException {
        return convert(decode(file, size));
    }

    /**
     * Converts a decoded picture.
     *
     * @param picture the picture
     * @return the image, {@code channels x size x size}, pixels in [0, 1]
     */
    public Image convert(BufferedImage picture) {
        BufferedImage square = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = square.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(background);
            g.fillRect(0, 0, size, size);
            int width = size;
            int height = size;
            if (fit == Fit.PAD) {
                double scale = Math.min((double) size / picture.getWidth(), (double) size / picture.getHeight());
                width = Math.max(1, (int) Math.round(picture.getWidth() * scale));
                height = Math.max(1, (int) Math.round(picture.getHeight() * scale));
            }
            g.drawImage(scaledDown(picture, width, height), (size - width) / 2, (size - height) / 2, width, height,
                    null);
        } finally {
            g.dispose();
        }
        float[] pixels = new float[channels * size * size];
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = square.getRGB(x, y);
                float r = (rgb >> 16 & 0xFF) / 255f;
                float gr = (rgb >> 8 & 0xFF) / 255f;
                float b = (rgb & 0xFF) / 255f;
                int at = y * size + x;
                if (channels == 1) {
                    pixels[at] = 0.299f * r + 0.587f * gr + 0.114f * b;
                } else {
                    pixels[at] = r;
                    pixels[plane + at] = gr;
                    pixels[2 * plane + at] = b;
                }
            }
        }
        return new Image(channels, size, size, pixels);
    }

    /**
     * Halves a large picture step by step (with alpha) until it is less than twice the target: one bilinear step
     * from 400 to 32 pixels would read only a few source pixels per output pixel and alias thin lines away.
     */
    private static BufferedImage scaledDown(BufferedImage picture, int width, int height) {
        BufferedImage current = picture;
        while (current.getWidth() >= 2 * width && current.getHeight() >= 2 * height) {
            int w = current.getWidth() / 2;
            int h = current.getHeight() / 2;
            BufferedImage half = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = half.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(current, 0, 0, w, h, null);
            } finally {
                g.dispose();
            }
            current = half;
        }
        return current;
    }

    /**
     * Decodes an image file, every n-th pixel of a picture far larger than the target (so a 10,000-pixel drawing
     * costs no more memory than a small one), refusing one too large to decode safely before decoding it.
     *
     * @param file the file
     * @param target the side of the square it becomes
     * @return the decoded picture, at least four times the target on its longer side where the file allows
     * @throws IOException naming the file
     */
    private static BufferedImage decode(Path file, int target) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file + " is not an image file that can be read (PNG, JPEG, BMP, GIF)");
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
                int step = (int) Math.max(1, Math.max(width, height) / (4L * target));
                if (width * height > MAX_SOURCE_PIXELS || (width / step) * (height / step) > MAX_DECODED_PIXELS) {
                    throw new IOException(file + " is " + width + "x" + height + " pixels, more than the "
                            + MAX_SOURCE_PIXELS + " read at most; scale it down first");
                }
                try {
                    ImageReadParam param = reader.getDefaultReadParam();
                    param.setSourceSubsampling(step, step, 0, 0);
                    BufferedImage picture = reader.read(0, param);
                    if (picture == null) {
                        throw new IOException(file + ": no picture decoded");
                    }
                    return picture;
                } catch (IOException | RuntimeException e) {
                    throw new IOException(file + ": cannot decode the image, it may be truncated or corrupt ("
                            + e.getMessage() + ")", e);
                }
            } finally {
                reader.dispose();
            }
        } catch (javax.imageio.IIOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
