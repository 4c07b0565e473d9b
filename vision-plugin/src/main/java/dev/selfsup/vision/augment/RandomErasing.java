package dev.selfsup.vision.augment;

import dev.selfsup.api.Image;

import java.util.Arrays;
import java.util.Random;

/**
 * Fills a random rectangle, of a random share of the area and aspect ratio, with a constant (Zhong et al. 2020,
 * torchvision's RandomErasing): ten tries, and the image is left as it is if no rectangle fits.
 */
public final class RandomErasing implements ImageTransform {

    private final double[] scale;
    private final double[] ratio;
    private final float value;

    /**
     * Creates the transform.
     *
     * @param scale the range of the rectangle's share of the area
     * @param ratio the range of its width-to-height ratio
     * @param value the fill value
     */
    public RandomErasing(double[] scale, double[] ratio, double value) {
        this.scale = scale.clone();
        this.ratio = ratio.clone();
        this.value = (float) value;
    }

    @Override
    public Image apply(Image image, Random random) {
        int h = image.height();
        int w = image.width();
        RandomRegion region = RandomRegion.draw(random, h, w, scale, ratio, false);
        if (region == null) {
            return image;
        }
        float[] pixels = image.pixels();
        for (int c = 0; c < image.channels(); c++) {
            for (int y = region.y(); y < region.y() + region.height(); y++) {
                int row = (c * h + y) * w;
                Arrays.fill(pixels, row + region.x(), row + region.x() + region.width(), value);
            }
        }
        return new Image(image.channels(), h, w, pixels);
    }
}
