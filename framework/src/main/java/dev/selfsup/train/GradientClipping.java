package dev.selfsup.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;

import java.util.List;

/**
 * Global-norm gradient clipping (as {@code torch.nn.utils.clip_grad_norm_}), with the norm checked first. The
 * clipping factor is applied by the optimizer's fused update ({@link AdamW#step(double, double)}), so the gradients
 * are read once here and never rewritten.
 */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Returns the global L2 norm of the parameters' gradients: one norm per parameter, then one device-to-host copy.
     *
     * @param parameters the parameters
     * @return the norm; NaN or infinite if a gradient is
     */
    public static double globalNorm(List<Parameter> parameters) {
        NDArray[] norms = new NDArray[parameters.size()];
        for (int i = 0; i < norms.length; i++) {
            norms[i] = parameters.get(i).getArray().getGradient().norm();
        }
        double sumSquares = 0;
        for (float norm : NDArrays.stack(new NDList(norms)).toFloatArray()) {
            sumSquares += (double) norm * norm;
        }
        return Math.sqrt(sumSquares);
    }

    /**
     * Returns the factor that brings gradients of global norm {@code norm} to at most {@code maxNorm}, as
     * {@code clip_grad_norm_} does: {@code maxNorm / (norm + 1e-6)} when the norm is above the limit, else 1.
     *
     * @param norm the gradients' global norm, from {@link #globalNorm}; must be finite
     * @param maxNorm the limit, 0 or less to disable clipping
     * @return the factor to multiply the gradients by, in (0, 1]
     */
    public static double scale(double norm, double maxNorm) {
        if (!Double.isFinite(norm)) {
            throw new IllegalArgumentException("cannot clip gradients of norm " + norm);
        }
        return maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1.0;
    }
}
