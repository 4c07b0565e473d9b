package dev.selfsup.train;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from the run seed and a position (epoch, step, sample),
 * so that nothing random depends on how many numbers were drawn before: a resumed run draws exactly what
 * an uninterrupted one would.
 */
public final class StepSeeds {

    private final long seed;

    /**
     * Creates the derivation for a run seed.
     *
     * @param seed the run seed
     */
    public StepSeeds(long seed) {
        this.seed = seed;
    }

    /**
     * Returns a stream for a purpose and position.
     *
     * @param purpose a small constant per use (data order, masking, augmentation...)
     * @param position the epoch, step or sample index
     * @return a seeded random stream
     */
    public Random stream(long purpose, long position) {
        long mixed = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + purpose).split().nextLong() ^ position * 0xC2B2AE3D27D4EB4FL;
        return new Random(new SplittableRandom(mixed).nextLong());
    }

    /**
     * Returns the order of the training samples for an epoch.
     *
     * @param epoch the epoch
     * @param size the number of samples
     * @return a permutation of {@code 0..size-1}
     */
    public int[] epochOrder(long epoch, int size) {
        return permutation(1, epoch, size);
    }

    /**
     * Returns a permutation drawn from the stream of a purpose and position (Fisher-Yates).
     *
     * @param purpose the stream's purpose
     * @param position its position
     * @param size the number of elements
     * @return a permutation of {@code 0..size-1}
     */
    public int[] permutation(long purpose, long position, int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Random random = stream(purpose, position);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
