package dev.selfsup.nn.joint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each loss against values computed by hand (in double precision, from the papers' formulas) on tiny batches. */
class JointEmbeddingLossesTest {

    private static NDArray rows(NDManager manager, float[][] values) {
        float[] flat = new float[values.length * values[0].length];
        for (int i = 0; i < values.length; i++) {
            System.arraycopy(values[i], 0, flat, i * values[0].length, values[0].length);
        }
        return manager.create(flat, new Shape(values.length, values[0].length));
    }

    @Test
    void ntXentMatchesTheHandComputedCrossEntropyOverTheOtherThreeEmbeddings() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // z = a0 (1,0), a1 (0,1), b0 (.6,.8), b1 (0,1), t = 0.5; row losses: log(e^0 + e^1.2 + e^0) - 1.2,
            // log(1 + e^1.6 + e^2) - 2, log(e^1.2 + 2 e^1.6) - 1.2, log(1 + e^2 + e^1.6) - 2
            NDArray a = rows(manager, new float[][] {{1, 0}, {0, 1}});
            NDArray b = rows(manager, new float[][] {{0.6f, 0.8f}, {0, 1}});
            JointEmbeddingLosses.NtXent loss = JointEmbeddingLosses.ntXent(a, b, 0.5);
            assertEquals(0.7588851980329553, loss.loss().getFloat(), 1e-5);
            // b0's nearest other embedding is a1 or b1 (cosine 0.8), not its partner a0 (0.6): 3 of 4 right
            assertEquals(0.75, loss.accuracy().getFloat(), 1e-6);
            // the embeddings are normalised first: scaling a view changes nothing
            assertEquals(0.7588851980329553, JointEmbeddingLosses.ntXent(a.mul(3), b, 0.5).loss().getFloat(), 1e-5);
            assertThrows(IllegalArgumentException.class, () -> JointEmbeddingLosses.ntXent(a, b, 0));
        }
    }

    @Test
    void vicRegTermsMatchTheHandComputedInvarianceVarianceAndCovariance() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = rows(manager, new float[][] {{1, 2}, {3, -1}, {0, 0.5f}});
            NDArray b = rows(manager, new float[][] {{1.5f, 2}, {2, -1}, {0.5f, 1}});
            JointEmbeddingLosses.VicReg loss = JointEmbeddingLosses.vicReg(a, b, 25, 25, 1);
            assertEquals(0.2916666666666667, loss.invariance().getFloat(), 1e-6);
            assertEquals(0.059042980403093526, loss.variance().getFloat(), 1e-6);
            assertEquals(2.5902777777777777, loss.covariance().getFloat(), 1e-5);
            assertEquals(11.358018954521782, loss.loss().getFloat(), 1e-4);
            // small spread: the variance hinge dominates
            JointEmbeddingLosses.VicReg small = JointEmbeddingLosses.vicReg(
                    rows(manager, new float[][] {{0.1f, 0}, {0.2f, 0.1f}, {0, 0.3f}}),
                    rows(manager, new float[][] {{0.1f, 0.1f}, {0.1f, 0.1f}, {0.2f, 0.2f}}), 25, 25, 1);
            assertEquals(0.011666666666666667, small.invariance().getFloat(), 1e-6);
            assertEquals(0.9073081095511027, small.variance().getFloat(), 1e-5);
            assertEquals(0.00011111111111111112, small.covariance().getFloat(), 1e-7);
            assertThrows(IllegalArgumentException.class, () -> JointEmbeddingLosses.vicReg(a.get("0:1"),
                    b.get("0:1"), 25, 25, 1));
        }
    }

    @Test
    void normalisedRegressionIsTwoMinusTwiceTheCosine() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray p = rows(manager, new float[][] {{1, 0}, {1, 1}, {3, 4}});
            NDArray z = rows(manager, new float[][] {{0, 5}, {2, 2}, {-3, -4}});
            // cosines 0, 1, -1: losses 2, 0, 4
            assertEquals(2.0, JointEmbeddingLosses.normalisedRegression(p, z).getFloat(), 1e-6);
        }
    }
}
