package dev.selfsup.audio.wav2vec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * wav2vec 2.0's span masking (fairseq {@code compute_mask_indices}, static lengths): per utterance of {@code n}
 * real frames, {@code floor(probability · n / span + u)} span starts ({@code u} uniform in [0, 1), at least
 * {@code minimumSpans}) drawn without replacement from the frames where a whole span fits, each masking
 * {@code span} frames; spans may overlap, so with the paper's p = 0.65 and M = 10 about half the frames are
 * masked. Padding is never masked.
 */
public final class SpanMasking {

    private final double probability;
    private final int span;
    private final int minimumSpans;

    /**
     * Creates the masking.
     *
     * @param probability the share of frames that start a span, before overlaps (the code's {@code mask_prob})
     * @param span frames per span
     * @param minimumSpans spans per utterance at least
     */
    public SpanMasking(double probability, int span, int minimumSpans) {
        if (!(probability > 0 && probability <= 1) || span < 1 || minimumSpans < 0) {
            throw new IllegalArgumentException("bad span masking: probability " + probability + ", span " + span
                    + ", minimum " + minimumSpans);
        }
        this.probability = probability;
        this.span = span;
        this.minimumSpans = minimumSpans;
    }

    /**
     * Draws the masks of a batch.
     *
     * @param validFrames real frames per utterance
     * @param frames frames per row (at least every valid count)
     * @param random the stream
     * @return per utterance and frame, whether it is masked
     */
    public boolean[][] draw(int[] validFrames, int frames, Random random) {
        boolean[][] masked = new boolean[validFrames.length][frames];
        for (int b = 0; b < validFrames.length; b++) {
            int n = validFrames[b];
            if (n < 1) {
                continue;
            }
            int starts = Math.max(1, n - span + 1); // where a whole span fits (the start frame when none does)
            int count = (int) Math.floor(probability * n / span + random.nextDouble());
            count = Math.min(starts, Math.max(minimumSpans, count));
            List<Integer> positions = new ArrayList<>(starts);
            for (int i = 0; i < starts; i++) {
                positions.add(i);
            }
            for (int i = 0; i < count; i++) { // partial Fisher-Yates: count distinct starts
                int j = i + random.nextInt(starts - i);
                int start = positions.get(j);
                positions.set(j, positions.get(i));
                positions.set(i, start);
                for (int t = start; t < Math.min(n, start + span); t++) {
                    masked[b][t] = true;
                }
            }
        }
        return masked;
    }
}
