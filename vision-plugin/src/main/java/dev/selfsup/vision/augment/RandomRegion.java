package dev.selfsup.vision.augment;

import java.util.Random;

/**
 * Draws a random rectangle inside an image, of a random share of its area and a log-uniform width-to-height ratio,
 * trying up to ten times as torchvision does: the region of {@link RandomResizedCrop} and {@link RandomErasing}.
 *
 * @param y top row
 * @param x left column
 * @param height rows
 * @param width columns
 */
record RandomRegion(int y, int x, int height, int width) {

    private static final int ATTEMPTS = 10;

    /**
     * Draws a region.
     *
     * @param random the stream
     * @param imageHeight the image's rows
     * @param imageWidth the image's columns
     * @param scale the range of the region's share of the area
     * @param ratio the range of its width-to-height ratio
     * @param whole whether the region may be as large as the image
     * @return the region, or {@code null} if ten tries found none that fits
     */
    static RandomRegion draw(Random random, int imageHeight, int imageWidth, double[] scale, double[] ratio,
                             boolean whole) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double area = imageHeight * imageWidth * uniform(random, scale[0], scale[1]);
            double r = Math.exp(uniform(random, Math.log(ratio[0]), Math.log(ratio[1])));
            int w = (int) Math.round(Math.sqrt(area * r));
            int h = (int) Math.round(Math.sqrt(area / r));
            boolean fits = whole ? w <= imageWidth && h <= imageHeight : w < imageWidth && h < imageHeight;
            if (w > 0 && h > 0 && fits) {
                return new RandomRegion(random.nextInt(imageHeight - h + 1), random.nextInt(imageWidth - w + 1),
                        h, w);
            }
        }
        return null;
    }

    /**
     * A uniform draw.
     *
     * @param random the stream
     * @param low the lower end
     * @param high the upper end
     * @return a value in [low, high)
     */
    static double uniform(Random random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
