package dev.selfsup.vision.augment;

import dev.selfsup.api.Image;

import java.util.Random;

/**
 * Blurs with a Gaussian of random standard deviation, as a separable kernel of fixed odd size, reflecting at the
 * border (torchvision's GaussianBlur).
 */
public final class GaussianBlur implements ImageTransform {

    private final int radius;
    private final double minSigma;
    private final double maxSigma;

    /**
     * Creates the blur.
     *
     * @param kernel the odd kernel side in pixels
     * @param sigma the range of the standard deviation, in pixels
     */
    public GaussianBlur(int kernel, double[] sigma) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("the kernel side must be odd and positive, got " + kernel);
        }
        this.radius = kernel / 2;
        this.minSigma = sigma[0];
        this.maxSigma = sigma[1];
    }

    @Override
    public Image apply(Image image, Random random) {
        double sigma = RandomRegion.uniform(random, minSigma, maxSigma);
        double[] weights = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            weights[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += weights[i + radius];
        }
        for (int i = 0; i < weights.length; i++) {
            weights[i] /= sum;
        }
        int h = image.height();
        int w = image.width();
        float[] rows = new float[image.size()];
        float[] out = new float[image.size()];
        for (int c = 0; c < image.channels(); c++) {
            int plane = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        v += weights[k + radius] * image.pixel(c, y, reflect(x + k, w));
                    }
                    rows[plane + y * w + x] = (float) v;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        v += weights[k + radius] * rows[plane + reflect(y + k, h) * w + x];
                    }
                    out[plane + y * w + x] = (float) v;
                }
            }
        }
        return new Image(image.channels(), h, w, out);
    }

    /** Reflects an index into [0, n) without repeating the edge (..., 2, 1, 0, 1, 2, ...). */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
