package dev.selfsup.train;

import dev.selfsup.api.SampleSource;

import java.util.Arrays;
import java.util.Random;

/**
 * A validation share of a training split, kept out of pretraining so that choices (which step's model to keep) are
 * made on data the model did not train on and not on the test split. Drawn with the run's seed, so a resumed run
 * holds out the same samples; the training part keeps the split's order.
 *
 * @param train the samples pretraining uses
 * @param validation the samples held out
 */
public record ValidationSplit(SampleSource train, SampleSource validation) {

    /** Mixes the run seed into the draw, so it differs from the other streams of the same seed. */
    private static final long PURPOSE = 0x5EEDF00DL;

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
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Random random = new Random(seed ^ PURPOSE);
        for (int i = size - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] train = Arrays.copyOfRange(order, held, size);
        Arrays.sort(validation);
        Arrays.sort(train);
        return new ValidationSplit(split.subset(train), split.subset(validation));
    }
}
