package dev.selfsup.api;

import java.util.Random;

/**
 * A per-sample transform used during pretraining. Must be a pure function of the sample and the random stream,
 * and must return a new sample rather than change its input (samples and their {@link Image}s are immutable).
 */
public interface Augmentation {

    /**
     * Transforms a sample.
     *
     * @param sample the input
     * @param random a stream seeded by the framework per (seed, epoch, sample, view, augmentation)
     * @return the transformed sample
     */
    Sample apply(Sample sample, Random random);
}
