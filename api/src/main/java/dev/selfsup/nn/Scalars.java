package dev.selfsup.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that is safe inside a differentiated forward pass.
 *
 * <p>DJL's PyTorch engine implements {@code array.mul(number)} (and {@code add}, {@code div}, {@code muli}...)
 * by wrapping the number in a tensor over a JVM direct buffer, which it closes right after the operation.
 * When autograd keeps that operand for the backward pass (it does for multiplication and division), the
 * saved tensor still points at the buffer, and a garbage collection between forward and backward frees it:
 * the backward pass then reads whatever reuses that memory. Training silently gets a wrong gradient, and
 * runs stop being reproducible. The constants here are tensors the engine allocates and owns itself.
 */
public final class Scalars {

    private Scalars() {
    }

    /**
     * Multiplies by a constant.
     *
     * @param array the array
     * @param factor the constant
     * @return {@code array * factor}, safe to differentiate
     */
    public static NDArray multiply(NDArray array, double factor) {
        return array.mul(constant(array, factor));
    }

    /**
     * Returns a scalar tensor in engine-owned memory, of the array's data type, on its device.
     *
     * @param like the array whose manager, type and device to use
     * @param value the value
     * @return the scalar
     */
    public static NDArray constant(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
    }
}
