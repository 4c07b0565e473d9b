package dev.selfsup.vision.data;

/**
 * Greyscale images read from an IDX file.
 *
 * @param count the number of images
 * @param rows the height of each image
 * @param cols the width of each image
 * @param pixels {@code count * rows * cols} unsigned bytes (read with {@code & 0xFF}), image after image,
 *     each row-major
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    /**
     * Checks that the pixel array matches the dimensions.
     *
     * @param count the number of images
     * @param rows the height of each image
     * @param cols the width of each image
     * @param pixels the pixels, image after image
     * @throws IllegalArgumentException if it does not
     */
    public IdxImages {
        if (count < 0 || rows <= 0 || cols <= 0 || pixels.length != (long) count * rows * cols) {
            throw new IllegalArgumentException("expected " + count + " images of " + rows + "x" + cols
                    + " pixels, got " + pixels.length + " bytes");
        }
    }
}
