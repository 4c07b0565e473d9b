package dev.selfsup.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;


/**
 * AdamW (Loshchilov and Hutter 2019) with decoupled weight decay. The moment estimates are owned here,
 * so they can be saved in checkpoints (DJL's optimizers do not expose theirs). One-dimensional parameters
 * (biases, norm scales) and learned tokens or positions are not decayed.
 */
public final class AdamW implements AutoCloseable {

    /** Tells the fused kernel not to clamp gradient elements (it clamps at this value when it is 0 or more). */
    private static final float NO_ELEMENT_CLIPPING = -1f;

    private final List<Parameter> parameters;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final boolean[] decay;
    private final NDManager stateManager;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final double[] learningRateScales;
    private long updates;

    private AdamW(Builder builder) {
        this.parameters = List.copyOf(builder.parameters);
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
        this.weightDecay = builder.weightDecay;
        this.stateManager = builder.manager.newSubManager();
        this.decay = new boolean[parameters.size()];
        this.learningRateScales = builder.learningRateScales != null ? builder.learningRateScales.clone() : null;
        if (learningRateScales != null && learningRateScales.length != parameters.size()) {
            throw new IllegalArgumentException(learningRateScales.length + " learning-rate scales for "
                    + parameters.size() + " parameters");
        }
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            NDArray w = p.getArray();
            firstMoments.add(stateManager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            secondMoments.add(stateManager.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            decay[i] = w.getShape().dimension() >= 2 && p.getType() != Parameter.Type.OTHER;
        }
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies one update from the parameters' current gradients, then zeroes the gradients.
     *
     * @param learningRate the learning rate for this step
     */
    public void step(double learningRate) {
        step(learningRate, 1.0);
    }

    /**
     * Applies one update from the parameters' current gradients multiplied by {@code gradientScale} (the factor of
     * global-norm clipping, so the gradients need no separate scaling pass), then zeroes the gradients.
     *
     * <p>Each parameter is updated by one call to DJL's fused Adam kernel ({@code NDArrayEx.adamUpdate}, the one
     * DJL's own optimizers use), which runs the dozen element-wise operations natively instead of a JNI call each.
     * That kernel computes {@code w -= c m / (sqrt(v) + e)} on the uncorrected second moment; with
     * {@code c = lr sqrt(b2) / b1} and {@code e = eps sqrt(b2)}, where {@code b1} and {@code b2} are the bias
     * corrections, this is AdamW's {@code lr / b1 * m / (sqrt(v / b2) + eps)}, as {@code torch.optim.AdamW}
     * computes it, up to float32 rounding; the kernel takes the betas as float32, so {@code 1 - beta2} carries
     * beta2's rounding (1.3e-5 relative for 0.999, 2.4e-7 for 0.95).
     *
     * @param learningRate the learning rate for this step
     * @param gradientScale the factor applied to every gradient first (1 to leave them as they are)
     */
    public void step(double learningRate, double gradientScale) {
        updates++;
        double correction1 = 1.0 - Math.pow(beta1, updates);
        double correction2Root = Math.sqrt(1.0 - Math.pow(beta2, updates));
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            double rate = learningRate * (learningRateScales == null ? 1.0 : learningRateScales[i]);
            weight.getNDArrayInternal().adamUpdate(
                    new NDList(weight, weight.getGradient(), firstMoments.get(i), secondMoments.get(i)),
                    new NDList(weight), (float) rate, (float) (rate * correction2Root / correction1),
                    decay[i] ? (float) weightDecay : 0f, (float) gradientScale, NO_ELEMENT_CLIPPING,
                    (float) beta1, (float) beta2, (float) (epsilon * correction2Root), false, true);
        }
    }

    /**
     * Returns how many updates were applied.
     *
     * @return the update count
     */
    public long updates() {
        return updates;
    }

    /**
     * Writes the optimizer state (update count and both moments of every parameter).
     *
     * @param out the stream
     * @throws IOException on write failure
     */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(updates);
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            out.writeUTF(parameters.get(i).getName());
            ParameterSnapshot.writeArray(out, firstMoments.get(i));
            ParameterSnapshot.writeArray(out, secondMoments.get(i));
        }
    }

    /**
     * Restores state written by {@link #save}.
     *
     * @param in the stream
     * @throws IOException on read failure or a state that does not match the parameters
     */
    public void load(DataInputStream in) throws IOException {
        long savedUpdates = in.readLong();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("optimizer state has " + count + " parameters, model has " + parameters.size());
        }
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            if (!name.equals(parameters.get(i).getName())) {
                throw new IOException("optimizer state " + i + " is for parameter " + name + ", the model has "
                        + parameters.get(i).getName() + " there");
            }
            ParameterSnapshot.readArrayInto(in, firstMoments.get(i), "first moment of " + name);
            ParameterSnapshot.readArrayInto(in, secondMoments.get(i), "second moment of " + name);
        }
        updates = savedUpdates;
    }

    @Override
    public void close() {
        stateManager.close();
    }

    /** Builds {@link AdamW}; {@code setParameters} and {@code setManager} are required. */
    public static final class Builder {
        private double[] learningRateScales;
        private List<Parameter> parameters;
        private NDManager manager;
        private double beta1 = 0.9;
        private double beta2 = 0.95;
        private double epsilon = 1e-8;
        private double weightDecay = 0.05;

        private Builder() {
        }

        /**
         * Sets the parameters to optimise (initialised, requiring gradients).
         *
         * @param params the parameters
         * @return this builder
         */
        public Builder setParameters(List<Parameter> params) {
            this.parameters = params;
            return this;
        }

        /**
         * Sets the manager that owns the optimizer state (on the parameters' device).
         *
         * @param stateOwner the manager
         * @return this builder
         */
        public Builder setManager(NDManager stateOwner) {
            this.manager = stateOwner;
            return this;
        }

        /**
         * Sets the moment decay rates (default 0.9, 0.95 as in MAE).
         *
         * @param b1 first moment decay
         * @param b2 second moment decay
         * @return this builder
         */
        public Builder optBetas(double b1, double b2) {
            this.beta1 = b1;
            this.beta2 = b2;
            return this;
        }

        /**
         * Sets the denominator epsilon (default 1e-8).
         *
         * @param eps epsilon
         * @return this builder
         */
        public Builder optEpsilon(double eps) {
            this.epsilon = eps;
            return this;
        }

        /**
         * Sets the decoupled weight decay (default 0.05).
         *
         * @param wd weight decay
         * @return this builder
         */
        public Builder optWeightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        /**
         * Scales the learning rate per parameter (layer-wise decay in fine-tuning); default 1 for all.
         *
         * @param scales one factor per parameter, in {@link #setParameters} order
         * @return this builder
         */
        public Builder optLearningRateScales(double[] scales) {
            this.learningRateScales = scales;
            return this;
        }

        /**
         * Builds the optimizer, allocating zero moments.
         *
         * @return the optimizer
         */
        public AdamW build() {
            if (parameters == null || manager == null) {
                throw new IllegalStateException("AdamW needs setParameters and setManager");
            }
            return new AdamW(this);
        }
    }
}
