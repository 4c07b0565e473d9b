package dev.selfsup.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;

import java.util.List;

/** Global-norm gradient clipping (as {@code torch.nn.utils.clip_grad_norm_}), with the norm checked first. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Returns the global L2 norm of the parameters' gradients, with one device-to-host copy.
     *
     * @param parameters the parameters
     * @return the norm; NaN or infinite if a gradient is
     */
    public static double globalNorm(List<Parameter> parameters) {
        NDArray[] squares = new NDArray[parameters.size()];
        for (int i = 0; i < squares.length; i++) {
            squares[i] = parameters.get(i).getArray().getGradient().square().sum().expandDims(0);
        }
        double sumSquares = 0;
        for (float s : NDArrays.concat(new NDList(squares)).toFloatArray()) {
            sumSquares += s;
        }
        return Math.sqrt(sumSquares);
    }

    /**
     * Scales the gradients so that their global norm is at most {@code maxNorm}.
     *
     * @param parameters the parameters
     * @param norm their global norm, from {@link #globalNorm}; must be finite
     * @param maxNorm the limit, 0 or less to disable clipping
     */
    public static void clip(List<Parameter> parameters, double norm, double maxNorm) {
        if (!Double.isFinite(norm)) {
            throw new IllegalArgumentException("cannot clip gradients of norm " + norm);
        }
        if (maxNorm > 0 && norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (Parameter p : parameters) {
                p.getArray().getGradient().muli(scale);
            }
        }
    }

    /**
     * Clips gradients by their global norm when it is finite, and returns the norm before clipping.
     *
     * @param parameters the parameters
     * @param maxNorm the limit, 0 or less to disable clipping
     * @return the norm before clipping; when it is not finite nothing is changed
     */
    public static double clipGlobalNorm(List<Parameter> parameters, double maxNorm) {
        double norm = globalNorm(parameters);
        if (Double.isFinite(norm)) {
            clip(parameters, norm, maxNorm);
        }
        return norm;
    }
}
