package dev.selfsup.nn.joint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.selfsup.nn.Scalars;

/**
 * The losses of joint-embedding methods, over embeddings of two views of the same batch: row {@code i} of
 * {@code a} and row {@code i} of {@code b} come from the same sample. All are differentiable and batch-coupled:
 * compute them on the whole gathered batch, never per shard.
 */
public final class JointEmbeddingLosses {

    private JointEmbeddingLosses() {
    }

    /**
     * The NT-Xent (normalised temperature-scaled cross-entropy, InfoNCE) loss of SimCLR (Chen et al. 2020, eq. 1):
     * the {@code 2N} embeddings are L2-normalised, and each must pick its partner out of the {@code 2N - 1} others
     * by cosine similarity divided by the temperature; the loss is the mean cross-entropy over all {@code 2N}.
     *
     * @param a view-0 embeddings {@code (N, d)}
     * @param b view-1 embeddings {@code (N, d)}
     * @param temperature the temperature (SimCLR: 0.5 at batch 256-512, 0.1-0.2 at larger batches)
     * @return the loss and the share of embeddings whose nearest other embedding is their partner
     */
    public static NtXent ntXent(NDArray a, NDArray b, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        }
        int n = (int) a.getShape().get(0);
        NDManager manager = a.getManager();
        NDArray z = normalise(NDArrays.concat(new NDList(a, b), 0));
        NDArray logits = Scalars.multiply(z.matMul(z.transpose()), 1 / temperature);
        NDArray self = manager.eye(2 * n, 2 * n, 0, z.getDataType()).toDevice(z.getDevice(), false);
        NDArray others = Scalars.constant(self, 1.0).sub(self);
        // cosine <= 1, so logits <= 1/t: shift by it before exp, then add it back
        NDArray shift = Scalars.constant(logits, 1 / temperature);
        NDArray logSumExp = logits.sub(shift).exp().mul(others).sum(new int[] {1}).log().add(shift);
        NDArray positives = Scalars.multiply(normalise(a).mul(normalise(b)).sum(new int[] {1}), 1 / temperature);
        NDArray loss = logSumExp.sub(NDArrays.concat(new NDList(positives, positives), 0)).mean();
        NDArray partners = manager.create(partnerIndices(n)).toDevice(z.getDevice(), false);
        NDArray nearest = logits.sub(Scalars.multiply(self, 1e9)).argMax(1).toType(DataType.INT64, false);
        NDArray accuracy = nearest.eq(partners).toType(DataType.FLOAT32, false).mean();
        return new NtXent(loss, accuracy.stopGradient());
    }

    /** Row {@code i}'s partner among {@code 2n} rows: {@code i + n} for the first half, {@code i - n} after. */
    private static long[] partnerIndices(int n) {
        long[] partners = new long[2 * n];
        for (int i = 0; i < n; i++) {
            partners[i] = i + n;
            partners[i + n] = i;
        }
        return partners;
    }

    /**
     * NT-Xent's outputs.
     *
     * @param loss the scalar loss
     * @param accuracy the share of the {@code 2N} embeddings whose most similar other embedding is their partner
     */
    public record NtXent(NDArray loss, NDArray accuracy) {
    }

    /**
     * VICReg's three terms (Bardes et al. 2022, section 3; as in the authors' code): invariance is the mean squared
     * difference of the two views' embeddings; variance is the hinge {@code mean_j max(0, 1 - std_j)} on each
     * dimension's standard deviation (with 1e-4 added to the variance), averaged over the two views; covariance is
     * the sum of squared off-diagonal entries of each view's covariance matrix divided by the dimension, summed
     * over the two views.
     *
     * @param a view-0 embeddings {@code (N, d)}, {@code N >= 2}
     * @param b view-1 embeddings {@code (N, d)}
     * @param invarianceWeight lambda (paper: 25)
     * @param varianceWeight mu (paper: 25)
     * @param covarianceWeight nu (paper: 1)
     * @return the weighted total and the unweighted terms
     */
    public static VicReg vicReg(NDArray a, NDArray b, double invarianceWeight, double varianceWeight,
                                double covarianceWeight) {
        long n = a.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("VICReg needs at least 2 samples for a variance, got " + n);
        }
        NDArray invariance = a.sub(b).square().mean();
        NDArray ca = a.sub(a.mean(new int[] {0}, true));
        NDArray cb = b.sub(b.mean(new int[] {0}, true));
        NDArray variance = Scalars.multiply(hinge(ca, n).add(hinge(cb, n)), 0.5);
        NDArray covariance = offDiagonal(ca, n).add(offDiagonal(cb, n));
        NDArray total = Scalars.multiply(invariance, invarianceWeight)
                .add(Scalars.multiply(variance, varianceWeight))
                .add(Scalars.multiply(covariance, covarianceWeight));
        return new VicReg(total, invariance, variance, covariance);
    }

    private static NDArray hinge(NDArray centred, long n) {
        NDArray variance = Scalars.multiply(centred.square().sum(new int[] {0}), 1.0 / (n - 1));
        NDArray std = variance.add(Scalars.constant(variance, 1e-4)).sqrt();
        return Scalars.constant(std, 1.0).sub(std).maximum(Scalars.constant(std, 0.0)).mean();
    }

    private static NDArray offDiagonal(NDArray centred, long n) {
        long d = centred.getShape().get(1);
        NDArray covariance = Scalars.multiply(centred.transpose().matMul(centred), 1.0 / (n - 1));
        NDArray diagonal = Scalars.multiply(centred.square().sum(new int[] {0}), 1.0 / (n - 1));
        return Scalars.multiply(covariance.square().sum().sub(diagonal.square().sum()), 1.0 / d);
    }

    /**
     * VICReg's outputs.
     *
     * @param loss the weighted total
     * @param invariance the unweighted invariance term
     * @param variance the unweighted variance term
     * @param covariance the unweighted covariance term
     */
    public record VicReg(NDArray loss, NDArray invariance, NDArray variance, NDArray covariance) {
    }

    /**
     * BYOL's normalised regression (Grill et al. 2020, eq. 2): {@code mean_i (2 - 2 cos(p_i, z_i))}, the squared
     * distance of the L2-normalised vectors. The target {@code z} takes no gradient.
     *
     * @param prediction the online network's predictions {@code (N, d)}
     * @param target the teacher's projections {@code (N, d)}
     * @return the scalar loss
     */
    public static NDArray normalisedRegression(NDArray prediction, NDArray target) {
        NDArray cosine = normalise(prediction).mul(normalise(target.stopGradient())).sum(new int[] {1});
        return Scalars.constant(cosine, 2.0).sub(Scalars.multiply(cosine, 2.0)).mean();
    }

    /**
     * Scales each row to unit L2 norm, as {@code x / sqrt(|x|^2 + 1e-24)}: the same as dividing by the norm for any
     * row longer than 1e-12, and a zero row gives zero with a finite (zero) gradient instead of NaN.
     *
     * @param x rows {@code (N, d)}
     * @return the normalised rows
     */
    public static NDArray normalise(NDArray x) {
        NDArray squares = x.square().sum(new int[] {1}, true);
        return x.div(squares.add(Scalars.constant(squares, 1e-24)).sqrt());
    }
}
