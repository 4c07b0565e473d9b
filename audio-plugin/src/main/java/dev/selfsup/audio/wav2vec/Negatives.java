package dev.selfsup.audio.wav2vec;

import java.util.Random;

/**
 * Distractors for wav2vec's contrastive task: for every masked frame, {@code k} other masked frames of the same
 * utterance, drawn uniformly with replacement, never the frame itself; an utterance with a single masked frame
 * has none to offer and gets the frame itself, which the loss then scores as impossible (as fairseq does with a
 * negative equal to its target).
 */
final class Negatives {

    private Negatives() {
    }

    /**
     * Draws the distractors.
     *
     * @param utteranceOf for each masked frame (in the order the loss lists them), its utterance
     * @param k distractors per frame
     * @param random the stream
     * @return {@code [frame][k]} indices into the masked frames
     */
    static int[][] draw(int[] utteranceOf, int k, Random random) {
        int count = utteranceOf.length;
        int[][] out = new int[count][k];
        int start = 0;
        while (start < count) {
            int end = start;
            while (end < count && utteranceOf[end] == utteranceOf[start]) {
                end++;
            }
            int size = end - start;
            for (int i = start; i < end; i++) {
                for (int j = 0; j < k; j++) {
                    if (size == 1) {
                        out[i][j] = i;
                        continue;
                    }
                    int other = start + random.nextInt(size - 1);
                    out[i][j] = other >= i ? other + 1 : other; // skip the frame itself
                }
            }
            start = end;
        }
        return out;
    }
}
