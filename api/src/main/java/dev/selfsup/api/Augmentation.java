package dev.selfsup.api;

import java.util.Random;

/** A per-sample transform used during pretraining. Must be a pure function of the sample and random stream. */
public interface Augmentation {

    /**
     * Transforms a sample.
     *
     * @param sample the input
     * @param random a stream seeded by the framework per (seed, epoch, index)
     * @return the transformed sample
     */
    Sample apply(Sample sample, Random random);
}
