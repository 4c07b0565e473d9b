package dev.selfsup.vision.augment;

import dev.selfsup.api.Image;

import java.util.Random;

/**
 * Random brightness and contrast, in random order, clamped to [0, 1] (torchvision's ColorJitter without
 * saturation and hue, which grey images lack). Brightness multiplies every pixel by a factor drawn from
 * {@code [max(0, 1 - b), 1 + b]}; contrast blends the image with its mean by a factor drawn likewise from c.
 */
public final class ColorJitter implements ImageTransform {

    private final double brightness;
    private final double contrast;

    /**
     * Creates the jitter.
     *
     * @param brightness the brightness strength b, at least 0
     * @param contrast the contrast strength c, at least 0
     */
    public ColorJitter(double brightness, double contrast) {
        this.brightness = brightness;
        this.contrast = contrast;
    }

    @Override
    public Image apply(Image image, Random random) {
        double b = RandomRegion.uniform(random, Math.max(0, 1 - brightness), 1 + brightness);
        double c = RandomRegion.uniform(random, Math.max(0, 1 - contrast), 1 + contrast);
        boolean brightnessFirst = random.nextBoolean();
        float[] pixels = image.pixels();
        if (brightnessFirst) {
            scale(pixels, b);
            blendWithMean(pixels, c);
        } else {
            blendWithMean(pixels, c);
            scale(pixels, b);
        }
        return new Image(image.channels(), image.height(), image.width(), pixels);
    }

    private static void scale(float[] pixels, double factor) {
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = clamp(pixels[i] * factor);
        }
    }

    private static void blendWithMean(float[] pixels, double factor) {
        double mean = 0;
        for (float p : pixels) {
            mean += p;
        }
        mean /= pixels.length;
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = clamp(mean + (pixels[i] - mean) * factor);
        }
    }

    private static float clamp(double value) {
        return (float) Math.min(1.0, Math.max(0.0, value));
    }
}
