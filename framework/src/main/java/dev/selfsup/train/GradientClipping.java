package dev.selfsup.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;

import java.util.List;

/** Global-norm gradient clipping over all parameters. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /**
     * Computes the global L2 norm of the gradients and, if it exceeds {@code maxNorm > 0}, scales every
     * gradient so the norm equals {@code maxNorm}.
     *
     * @param parameters the parameters whose gradients to clip
     * @param maxNorm the maximum norm; 0 or less only measures
     * @return the norm before clipping
     */
    public static double clipGlobalNorm(List<Parameter> parameters, double maxNorm) {
        NDArray[] grads = new NDArray[parameters.size()];
        NDArray[] squares = new NDArray[grads.length];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = parameters.get(i).getArray().getGradient();
            squares[i] = grads[i].square().sum().expandDims(0);
        }
        // one device-to-host copy per step instead of one per parameter
        double sumSquares = 0;
        for (float s : NDArrays.concat(new NDList(squares)).toFloatArray()) {
            sumSquares += s;
        }
        double norm = Math.sqrt(sumSquares);
        if (maxNorm > 0 && norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (NDArray g : grads) {
                g.muli(scale);
            }
        }
        return norm;
    }
}
