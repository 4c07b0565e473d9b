package dev.selfsup.train;

import dev.selfsup.api.SampleSource;

import java.util.Arrays;

/**
 * A validation share of a training split, kept out of pretraining so that choices (which step's model to keep) are
 * made on data the model did not train on and not on the test split. Drawn with the run's seed, so a resumed run
 * holds out the same samples; the training part keeps the split's order.
 *
 * @param train the samples pretraining uses
 * @param validation the samples held out
 */
public record ValidationSplit(SampleSource train, SampleSource validation) {

    /** The purpose of the draw's random stream ({@link StepSeeds}); no other stream uses it. */
    private static final long VALIDATION_STREAM = 4;

    /**
     * Draws the validation share.
     *
     * @param split the training split
     * @param fraction the share held out, in (0, 1)
     * @param seed the run's seed
     * @return both parts; at least one sample on each side
     * @throws IllegalArgumentException if the split has fewer than two samples
     */
    public static ValidationSplit of(SampleSource split, double fraction, long seed) {
        int size = split.size();
        if (size < 2) {
            throw new IllegalArgumentException("train.held_out.split: validation needs at least 2 training samples, "
                    + "the training split has " + size);
        }
        int held = Math.max(1, Math.min(size - 1, (int) Math.round(size * fraction)));
        int[] order = new StepSeeds(seed).permutation(VALIDATION_STREAM, 0, size);
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, size);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new ValidationSplit(split.subset(train), split.subset(validation));
    }
}
