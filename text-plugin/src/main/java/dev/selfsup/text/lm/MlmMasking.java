package dev.selfsup.text.lm;

import dev.selfsup.api.TokenizedText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * BERT's masking (Devlin et al. 2019): of each text's maskable tokens (real tokens that are not special: never
 * padding, {@code [CLS]} or {@code [SEP]}), {@code round(probability x count)} are selected (at least one); of the
 * selected, a share becomes {@code [MASK]}, a share a random ordinary token, and the rest stays unchanged; the loss
 * is on the selected positions only. With whole-word masking every piece of a selected word is selected, words
 * being added in random order while they fit in the budget.
 *
 * @param probability share of the maskable tokens selected
 * @param maskShare share of the selected tokens replaced by {@code [MASK]}
 * @param randomShare share of the selected tokens replaced by a random ordinary token
 * @param wholeWord select whole words
 * @param maskId the id of {@code [MASK]}
 * @param firstOrdinaryId the first id that is not a special token (random replacements are drawn from here on)
 * @param vocabularySize the ids
 */
record MlmMasking(double probability, double maskShare, double randomShare, boolean wholeWord, int maskId,
                  int firstOrdinaryId, int vocabularySize) {

    /** Checks the shares. */
    MlmMasking {
        if (probability <= 0 || probability > 1 || maskShare < 0 || randomShare < 0 || maskShare + randomShare > 1) {
            throw new IllegalArgumentException("masking shares out of range: probability " + probability + ", mask "
                    + maskShare + ", random " + randomShare);
        }
        if (firstOrdinaryId >= vocabularySize) {
            throw new IllegalArgumentException("no ordinary token: ids " + firstOrdinaryId + " to " + vocabularySize);
        }
    }

    /**
     * Draws the masking of a batch.
     *
     * @param text the tokenized batch
     * @param random the step's stream
     * @return the masked ids and the selected positions with their true tokens
     */
    TokenTargets mask(TokenizedText text, Random random) {
        int width = text.width();
        long[][] input = new long[text.rows()][];
        List<Long> positions = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        for (int row = 0; row < text.rows(); row++) {
            long[] ids = text.ids(row);
            input[row] = Arrays.copyOf(ids, ids.length);
            int[] selected = select(text.wordIds(row), text.length(row), random);
            for (int t : selected) {
                positions.add((long) row * width + t);
                labels.add(ids[t]);
                double r = random.nextDouble();
                if (r < maskShare) {
                    input[row][t] = maskId;
                } else if (r < maskShare + randomShare) {
                    input[row][t] = firstOrdinaryId + random.nextInt(vocabularySize - firstOrdinaryId);
                }
            }
        }
        return new TokenTargets(input, positions.stream().mapToLong(Long::longValue).toArray(),
                labels.stream().mapToLong(Long::longValue).toArray());
    }

    /** The selected token positions of one row, ascending. */
    private int[] select(int[] wordIds, int length, Random random) {
        Map<Integer, List<Integer>> units = new LinkedHashMap<>(); // a word's pieces, or each piece alone
        int maskable = 0;
        for (int t = 0; t < length; t++) {
            if (wordIds[t] >= 0) {
                units.computeIfAbsent(wholeWord ? wordIds[t] : t, k -> new ArrayList<>()).add(t);
                maskable++;
            }
        }
        if (maskable == 0) {
            return new int[0];
        }
        int budget = Math.max(1, (int) Math.round(probability * maskable));
        List<List<Integer>> order = new ArrayList<>(units.values());
        for (int i = order.size() - 1; i > 0; i--) {
            java.util.Collections.swap(order, i, random.nextInt(i + 1));
        }
        boolean[] chosen = new boolean[length];
        int taken = 0;
        for (List<Integer> unit : order) {
            if (taken >= budget) {
                break;
            }
            if (taken > 0 && taken + unit.size() > budget) {
                continue; // a long word that does not fit; a shorter one may
            }
            for (int t : unit) {
                chosen[t] = true;
            }
            taken += unit.size();
        }
        int[] out = new int[taken];
        int k = 0;
        for (int t = 0; t < length; t++) {
            if (chosen[t]) {
                out[k++] = t;
            }
        }
        return out;
    }
}
