package dev.selfsup.vision.augment;

import dev.selfsup.api.Image;

import java.util.Random;

/** Inverts every pixel at or above a threshold: {@code x -> 1 - x} (BYOL's solarisation). */
public final class Solarize implements ImageTransform {

    private final double threshold;

    /**
     * Creates the transform.
     *
     * @param threshold pixels at or above it are inverted
     */
    public Solarize(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public Image apply(Image image, Random random) {
        float[] pixels = image.pixels();
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] >= threshold) {
                pixels[i] = 1 - pixels[i];
            }
        }
        return new Image(image.channels(), image.height(), image.width(), pixels);
    }
}
