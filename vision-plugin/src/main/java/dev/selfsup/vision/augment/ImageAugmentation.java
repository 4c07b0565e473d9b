package dev.selfsup.vision.augment;

import dev.selfsup.api.Augmentation;
import dev.selfsup.api.Image;
import dev.selfsup.api.Sample;

import java.util.Random;

/**
 * Applies an {@link ImageTransform} to a sample's image with a probability. With probability 1 nothing is drawn
 * for the decision, so the transform sees the stream from its start.
 */
final class ImageAugmentation implements Augmentation {

    private final double probability;
    private final ImageTransform transform;

    ImageAugmentation(double probability, ImageTransform transform) {
        this.probability = probability;
        this.transform = transform;
    }

    @Override
    public Sample apply(Sample sample, Random random) {
        if (probability < 1 && random.nextDouble() >= probability) {
            return sample;
        }
        return sample.with(Sample.IMAGE, transform.apply(sample.get(Sample.IMAGE, Image.class), random));
    }
}
