package dev.selfsup.vision.augment;

import dev.selfsup.api.Image;

import java.util.Random;

/**
 * Translates an image by a random whole number of pixels in each direction, at most {@code maxPixels},
 * filling the uncovered border with zeros (the background of MNIST-like images).
 */
public final class RandomShift implements ImageTransform {

    private final int maxPixels;

    /**
     * Creates the augmentation.
     *
     * @param maxPixels the largest shift along each axis
     */
    public RandomShift(int maxPixels) {
        this.maxPixels = maxPixels;
    }

    @Override
    public Image apply(Image image, Random random) {
        int dy = random.nextInt(2 * maxPixels + 1) - maxPixels;
        int dx = random.nextInt(2 * maxPixels + 1) - maxPixels;
        return shift(image, dy, dx);
    }

    /**
     * Shifts an image.
     *
     * @param image the image
     * @param dy rows down (negative: up)
     * @param dx columns right (negative: left)
     * @return the shifted image
     */
    static Image shift(Image image, int dy, int dx) {
        int h = image.height();
        int w = image.width();
        float[] in = image.pixels();
        float[] out = new float[in.length];
        if (Math.abs(dx) >= w || Math.abs(dy) >= h) {
            return new Image(image.channels(), h, w, out); // shifted out of the frame
        }
        for (int c = 0; c < image.channels(); c++) {
            int plane = c * h * w;
            for (int y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
                System.arraycopy(in, plane + (y - dy) * w + Math.max(0, -dx), out, plane + y * w + Math.max(0, dx),
                        w - Math.abs(dx));
            }
        }
        return new Image(image.channels(), h, w, out);
    }
}
