package dev.selfsup.api;

import java.util.Arrays;

/**
 * An image as channels x height x width floats in [0, 1], row-major per channel: the shared representation
 * between image data sets and image encoders of different plugins. Immutable: the constructor copies the
 * pixels and {@link #pixels()} returns a copy, so an augmentation can never change a sample that another view
 * or a cached source still holds. Read without copying through {@link #copyTo} and {@link #pixel}.
 */
public final class Image {

    private final int channels;
    private final int height;
    private final int width;
    private final float[] pixels;

    /**
     * Creates an image from a copy of the pixels.
     *
     * @param channels number of channels (1 grey, 3 RGB)
     * @param height height in pixels
     * @param width width in pixels
     * @param pixels {@code channels * height * width} values, CHW order
     * @throws IllegalArgumentException if the shape is not positive or does not match the values
     */
    public Image(int channels, int height, int width, float[] pixels) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("bad image shape " + channels + "x" + height + "x" + width);
        }
        if (pixels.length != (long) channels * height * width) {
            throw new IllegalArgumentException("image of " + channels + "x" + height + "x" + width
                    + " needs " + (long) channels * height * width + " values, got " + pixels.length);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels.clone();
    }

    /**
     * Returns the number of channels.
     *
     * @return 1 grey, 3 RGB
     */
    public int channels() {
        return channels;
    }

    /**
     * Returns the height.
     *
     * @return pixels
     */
    public int height() {
        return height;
    }

    /**
     * Returns the width.
     *
     * @return pixels
     */
    public int width() {
        return width;
    }

    /**
     * Returns the number of values, {@code channels * height * width}.
     *
     * @return the size
     */
    public int size() {
        return pixels.length;
    }

    /**
     * Returns one value.
     *
     * @param channel the channel
     * @param y the row
     * @param x the column
     * @return the value
     */
    public float pixel(int channel, int y, int x) {
        return pixels[(channel * height + y) * width + x];
    }

    /**
     * Returns a copy of the values in CHW order.
     *
     * @return a new array
     */
    public float[] pixels() {
        return pixels.clone();
    }

    /**
     * Copies the values, in CHW order, into an array (collating a batch without an intermediate copy).
     *
     * @param target the array
     * @param offset where the first value goes
     */
    public void copyTo(float[] target, int offset) {
        System.arraycopy(pixels, 0, target, offset, pixels.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Image image && image.channels == channels && image.height == height
                && image.width == width && Arrays.equals(image.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "Image[" + channels + "x" + height + "x" + width + "]";
    }
}
