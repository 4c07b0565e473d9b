package dev.selfsup.nn.joint;

import ai.djl.ndarray.NDArray;
import dev.selfsup.nn.Scalars;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Watches embeddings for collapse, the failure of joint-embedding methods in which every input maps to the same
 * point (complete collapse) or to a low-dimensional subspace (dimensional collapse). Two statistics of a batch's
 * L2-normalised embeddings, logged as metrics:
 * <ul>
 *   <li>{@value #STD_METRIC}: the per-dimension standard deviation, averaged over dimensions and multiplied by
 *       {@code sqrt(d)}, so that embeddings spread uniformly over the sphere give about 1 and a collapsed
 *       encoder 0 (the statistic BYOL's and SimSiam's papers plot, rescaled to be width-free);</li>
 *   <li>{@value #RANK_METRIC}: the participation ratio {@code (sum lambda)^2 / sum lambda^2} of the covariance
 *       matrix's eigenvalues, an effective-rank estimate between 0 (constant embeddings) and {@code d} (isotropic),
 *       computed from the trace and the Frobenius norm, so without an eigendecomposition, which DJL lacks.</li>
 * </ul>
 * {@link #warning} turns a metrics record into a warning when either falls below its threshold, and also when a
 * quantiser's {@value #CODES_METRIC} (the perplexity of its hard code choices per group, as wav2vec 2.0 logs it)
 * falls below {@value #CODES_THRESHOLD}: the codebook collapse of fairseq #1850.
 */
public final class CollapseMonitor {

    /** The metric name of the scaled per-dimension standard deviation. */
    public static final String STD_METRIC = "embedding_std";
    /** The metric name of the effective rank. */
    public static final String RANK_METRIC = "effective_rank";
    /** Below this scaled standard deviation the embeddings are collapsing. */
    public static final double STD_THRESHOLD = 0.1;
    /** Below this effective rank the embeddings occupy about one direction. */
    public static final double RANK_THRESHOLD = 1.5;

    /** The metric name of a quantiser's code perplexity per group (about the number of codewords in use). */
    public static final String CODES_METRIC = "code_perplexity_per_group";
    /** Below this many codewords in use per group the quantiser is collapsing. */
    public static final double CODES_THRESHOLD = 2.0;

    private CollapseMonitor() {
    }

    /**
     * The two statistics of a batch of embeddings, detached from autograd.
     *
     * @param embeddings {@code (N, d)} with {@code N >= 2}
     * @return {@value #STD_METRIC} and {@value #RANK_METRIC}, scalar arrays
     */
    public static Map<String, NDArray> metrics(NDArray embeddings) {
        NDArray z = JointEmbeddingLosses.normalise(embeddings.stopGradient());
        long n = z.getShape().get(0);
        long d = z.getShape().get(1);
        NDArray centred = z.sub(z.mean(new int[] {0}, true));
        NDArray variances = Scalars.multiply(centred.square().sum(new int[] {0}), 1.0 / Math.max(1, n - 1));
        NDArray std = Scalars.multiply(variances.sqrt().mean(), Math.sqrt(d));
        NDArray covariance = Scalars.multiply(centred.transpose().matMul(centred), 1.0 / Math.max(1, n - 1));
        NDArray trace = variances.sum();
        NDArray rank = trace.square().div(covariance.square().sum().add(Scalars.constant(trace, 1e-12)));
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        metrics.put(STD_METRIC, std);
        metrics.put(RANK_METRIC, rank);
        return metrics;
    }

    /**
     * Says whether a metrics record shows collapse.
     *
     * @param record a metrics record; records without the two statistics never warn
     * @return the warning, naming the statistic, its value and its threshold
     */
    public static Optional<String> warning(Map<String, ?> record) {
        StringBuilder text = new StringBuilder();
        if (record.get(STD_METRIC) instanceof Number std && std.doubleValue() < STD_THRESHOLD) {
            text.append(String.format("%s %.3f < %.2f", STD_METRIC, std.doubleValue(), STD_THRESHOLD));
        }
        if (record.get(RANK_METRIC) instanceof Number rank && rank.doubleValue() < RANK_THRESHOLD) {
            text.append(text.length() > 0 ? ", " : "")
                    .append(String.format("%s %.2f < %.1f", RANK_METRIC, rank.doubleValue(), RANK_THRESHOLD));
        }
        if (record.get(CODES_METRIC) instanceof Number codes && codes.doubleValue() < CODES_THRESHOLD) {
            return Optional.of(String.format("the quantiser is collapsing (%s %.2f < %.1f): nearly every frame "
                    + "gets the same code; raise diversity_weight or lower the learning rate", CODES_METRIC,
                    codes.doubleValue(), CODES_THRESHOLD));
        }
        return text.length() == 0 ? Optional.empty() : Optional.of("the embeddings are collapsing (" + text
                + "): every input is mapped to nearly the same point; lower the learning rate, raise the "
                + "variance or negative terms, or check the augmentations");
    }
}
