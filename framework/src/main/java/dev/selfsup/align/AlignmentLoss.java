package dev.selfsup.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.selfsup.nn.Scalars;

/**
 * CLIP's symmetric contrastive loss: the logits are the scaled cosine similarities of every {@code a} with every
 * {@code b} of the batch; row {@code i}'s cross-entropy asks {@code a_i} to pick {@code b_i} among all {@code b}, column
 * {@code i}'s asks {@code b_i} to pick {@code a_i}; the loss is the mean of the two directions' mean cross-entropies.
 *
 * @param loss the scalar loss
 * @param aToB the share of rows whose largest logit is their own pair (in-batch retrieval accuracy, a to b)
 * @param bToA the same by column (b to a)
 */
record AlignmentLoss(NDArray loss, NDArray aToB, NDArray bToA) {

    /**
     * Computes the loss.
     *
     * @param a unit-length embeddings of side a {@code (N, d)}
     * @param b unit-length embeddings of side b {@code (N, d)}, row i paired with a's row i
     * @param logitScale the scale {@code (1)} or {@code (1, 1)} (differentiable)
     * @return the loss and the in-batch accuracies
     */
    static AlignmentLoss of(NDArray a, NDArray b, NDArray logitScale) {
        int n = (int) a.getShape().get(0);
        NDArray logits = a.matMul(b.transpose()).mul(logitScale.reshape(1, 1));
        NDArray diagonal = a.getManager().eye(n, n, 0, logits.getDataType()).toDevice(logits.getDevice(), false);
        NDArray rows = logits.logSoftmax(1).mul(diagonal).sum().neg();
        NDArray columns = logits.logSoftmax(0).mul(diagonal).sum().neg();
        NDArray loss = Scalars.multiply(rows.add(columns), 1.0 / (2.0 * n));
        NDArray pairs = a.getManager().arange(n).toType(DataType.INT64, false).toDevice(logits.getDevice(), false);
        NDArray aToB = logits.argMax(1).toType(DataType.INT64, false).eq(pairs).toType(DataType.FLOAT32, false).mean();
        NDArray bToA = logits.argMax(0).toType(DataType.INT64, false).eq(pairs).toType(DataType.FLOAT32, false).mean();
        return new AlignmentLoss(loss, aToB.stopGradient(), bToA.stopGradient());
    }
}
