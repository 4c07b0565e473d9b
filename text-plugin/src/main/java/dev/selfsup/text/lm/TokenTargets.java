package dev.selfsup.text.lm;

/**
 * What a language-modelling step predicts: the ids the encoder reads (with some replaced, for masked language
 * modelling), and for each predicted position its place in the batch and the token to predict there.
 *
 * @param inputIds per row, the ids to encode (same shape as the tokenized batch)
 * @param positions per prediction, {@code row * width + token}: where in the flattened batch it is read
 * @param labels per prediction, the true token id
 */
record TokenTargets(long[][] inputIds, long[] positions, long[] labels) {

    /**
     * Returns the row of each prediction.
     *
     * @param width the tokens per row
     * @return per prediction, its row
     */
    int[] rows(int width) {
        int[] rows = new int[positions.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (int) (positions[i] / width);
        }
        return rows;
    }
}
