package dev.selfsup.api;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A batch of tokenized texts, padded to its longest: token ids, how many of each row are real tokens, and which
 * word of the text each token belongs to ({@code -1} for special tokens and padding), for whole-word masking.
 * The arrays are owned by this object and must not be changed.
 */
public final class TokenizedText {

    private final long[][] ids;
    private final int[] lengths;
    private final int[][] wordIds;

    /**
     * Creates the batch.
     *
     * @param ids per row, the token ids, all rows of one length (padding included)
     * @param lengths per row, the number of real tokens at its start
     * @param wordIds per row and token, the index of its word in the text, or -1 for special tokens and padding
     * @throws IllegalArgumentException if the shapes disagree
     */
    public TokenizedText(long[][] ids, int[] lengths, int[][] wordIds) {
        if (ids.length != lengths.length || ids.length != wordIds.length) {
            throw new IllegalArgumentException("rows differ: " + ids.length + " ids, " + lengths.length
                    + " lengths, " + wordIds.length + " word ids");
        }
        int width = ids.length == 0 ? 0 : ids[0].length;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i].length != width || wordIds[i].length != width || lengths[i] < 0 || lengths[i] > width) {
                throw new IllegalArgumentException("row " + i + " is not " + width + " tokens wide with a length "
                        + "within it");
            }
        }
        this.ids = ids;
        this.lengths = lengths;
        this.wordIds = wordIds;
    }

    /**
     * Returns the number of texts.
     *
     * @return the rows
     */
    public int rows() {
        return ids.length;
    }

    /**
     * Returns the padded length.
     *
     * @return the tokens per row
     */
    public int width() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    /**
     * Returns the token ids of a row.
     *
     * @param row the row
     * @return its ids, padding included
     */
    public long[] ids(int row) {
        return ids[row];
    }

    /**
     * Returns the number of real tokens of a row.
     *
     * @param row the row
     * @return the length before padding
     */
    public int length(int row) {
        return lengths[row];
    }

    /**
     * Returns the word index of each token of a row.
     *
     * @param row the row
     * @return per token its word, -1 for special tokens and padding
     */
    public int[] wordIds(int row) {
        return wordIds[row];
    }

    /**
     * Returns the encoder inputs: ids {@code (rows, width)} as int64 and the valid-token mask {@code (rows, width)}
     * as float32, 1 for real tokens.
     *
     * @param manager where to allocate
     * @return the two arrays
     */
    public NDList toInputs(NDManager manager) {
        return toInputs(ids, manager);
    }

    /**
     * Returns encoder inputs for other ids of the same shape (a masked copy), with this batch's valid-token mask.
     *
     * @param replacedIds per row, the ids to encode
     * @param manager where to allocate
     * @return the ids and the mask
     */
    public NDList toInputs(long[][] replacedIds, NDManager manager) {
        int rows = rows();
        int width = width();
        long[] flat = new long[rows * width];
        float[] valid = new float[rows * width];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(replacedIds[i], 0, flat, i * width, width);
            java.util.Arrays.fill(valid, i * width, i * width + lengths[i], 1f);
        }
        Shape shape = new Shape(rows, width);
        return new NDList(manager.create(flat, shape), manager.create(valid, shape).toType(DataType.FLOAT32, false));
    }
}
