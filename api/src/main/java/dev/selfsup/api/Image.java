package dev.selfsup.api;

/**
 * An image as channels x height x width floats in [0, 1], row-major per channel. The shared
 * representation between image data sets and image encoders of different plugins.
 *
 * @param channels number of channels (1 grey, 3 RGB)
 * @param height height in pixels
 * @param width width in pixels
 * @param pixels {@code channels * height * width} values, CHW order
 */
public record Image(int channels, int height, int width, float[] pixels) {

    /**
     * Checks the dimensions.
     */
    public Image {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("bad image shape " + channels + "x" + height + "x" + width);
        }
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("image of " + channels + "x" + height + "x" + width
                    + " needs " + channels * height * width + " values, got " + pixels.length);
        }
    }
}
