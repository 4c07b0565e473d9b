package dev.selfsup.vision.augment;

import dev.selfsup.api.Image;

import java.util.Random;

/**
 * Crops a random region, of a random share of the area and aspect ratio, and scales it back to the image's size
 * with bilinear interpolation (Szegedy et al. 2015, the crop of SimCLR, BYOL and VICReg). Like torchvision, it tries
 * ten regions and keeps the whole image if none fits.
 */
public final class RandomResizedCrop implements ImageTransform {

    private final double[] scale;
    private final double[] ratio;

    /**
     * Creates the crop.
     *
     * @param scale the range of the crop's share of the area, within (0, 1]
     * @param ratio the range of its width-to-height ratio
     */
    public RandomResizedCrop(double[] scale, double[] ratio) {
        this.scale = scale.clone();
        this.ratio = ratio.clone();
    }

    @Override
    public Image apply(Image image, Random random) {
        RandomRegion region = RandomRegion.draw(random, image.height(), image.width(), scale, ratio, true);
        return region == null ? image : resize(image, region.y(), region.x(), region.height(), region.width());
    }

    /** Scales the region at (y0, x0) of size ch x cw to the whole image, bilinearly (half-pixel centres). */
    static Image resize(Image image, int y0, int x0, int ch, int cw) {
        int h = image.height();
        int w = image.width();
        float[] out = new float[image.size()];
        for (int c = 0; c < image.channels(); c++) {
            int plane = c * h * w;
            for (int y = 0; y < h; y++) {
                double sy = Math.min(Math.max(y0 + (y + 0.5) * ch / h - 0.5, y0), y0 + ch - 1);
                int top = (int) Math.floor(sy);
                int bottom = Math.min(top + 1, y0 + ch - 1);
                double fy = sy - top;
                for (int x = 0; x < w; x++) {
                    double sx = Math.min(Math.max(x0 + (x + 0.5) * cw / w - 0.5, x0), x0 + cw - 1);
                    int left = (int) Math.floor(sx);
                    int right = Math.min(left + 1, x0 + cw - 1);
                    double fx = sx - left;
                    double upper = image.pixel(c, top, left) * (1 - fx) + image.pixel(c, top, right) * fx;
                    double lower = image.pixel(c, bottom, left) * (1 - fx) + image.pixel(c, bottom, right) * fx;
                    out[plane + y * w + x] = (float) (upper * (1 - fy) + lower * fy);
                }
            }
        }
        return new Image(image.channels(), h, w, out);
    }
}
