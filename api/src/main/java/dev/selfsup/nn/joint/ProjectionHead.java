package dev.selfsup.nn.joint;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;

import java.util.Arrays;
import java.util.List;

/**
 * The MLP heads of joint-embedding methods: SimCLR's projector, BYOL's projector and predictor, VICReg's expander.
 * Each hidden layer is {@code Linear -> [BatchNorm] -> ReLU}; the last is a {@code Linear}, optionally followed by
 * a BatchNorm without learned scale and shift (SimCLR v2). Input and output are {@code (batch, features)}.
 *
 * <pre>{@code
 * SequentialBlock byolProjector = ProjectionHead.builder().setHiddenDims(512).setOutputDim(128).build();
 * SequentialBlock vicregExpander = ProjectionHead.builder().setHiddenDims(512, 512).setOutputDim(512).build();
 * }</pre>
 */
public final class ProjectionHead {

    private ProjectionHead() {
    }

    /**
     * The recipe keys of a head: {@code hidden} (list of widths), {@code dim} and {@code batch_norm}.
     *
     * @param hidden the default hidden widths
     * @param dim the default output width
     * @return the schema of the head's section
     */
    public static SettingsSchema schema(List<Long> hidden, int dim) {
        return SettingsSchema.builder()
                .addIntList("hidden", hidden, 1, 1 << 20, "hidden layer widths, in order; [] for a linear head")
                .addInt("dim", dim, 1, 1 << 20, "output width")
                .addBoolean("batch_norm", true, "batch-normalise the hidden layers")
                .build();
    }

    /**
     * Builds a head from a section validated by {@link #schema}.
     *
     * @param settings the section
     * @return the head, not yet initialised
     */
    public static SequentialBlock fromSettings(Settings settings) {
        return builder().setHiddenDims(settings.getIntList("hidden").stream().mapToInt(Integer::intValue).toArray())
                .setOutputDim(settings.getInt("dim")).optBatchNorm(settings.getBoolean("batch_norm")).build();
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a head. Required: {@link #setOutputDim}, {@link #setHiddenDims} (which may be empty: a linear head). */
    public static final class Builder {
        private int outputDim;
        private int[] hiddenDims;
        private boolean batchNorm = true;
        private boolean outputBatchNorm;

        private Builder() {
        }

        /**
         * Sets the output width.
         *
         * @param dim the width
         * @return this builder
         */
        public Builder setOutputDim(int dim) {
            this.outputDim = dim;
            return this;
        }

        /**
         * Sets the hidden layers' widths, in order; none makes a single linear layer.
         *
         * @param dims the widths
         * @return this builder
         */
        public Builder setHiddenDims(int... dims) {
            this.hiddenDims = dims.clone();
            return this;
        }

        /**
         * Sets whether hidden layers are batch-normalised (default true, as in SimCLR, BYOL and VICReg).
         *
         * @param enabled whether to normalise
         * @return this builder
         */
        public Builder optBatchNorm(boolean enabled) {
            this.batchNorm = enabled;
            return this;
        }

        /**
         * Sets whether the output is batch-normalised, without scale and shift (default false).
         *
         * @param enabled whether to normalise the output
         * @return this builder
         */
        public Builder optOutputBatchNorm(boolean enabled) {
            this.outputBatchNorm = enabled;
            return this;
        }

        /**
         * Builds the head.
         *
         * @return the head, not yet initialised
         * @throws IllegalStateException if a width is missing or not positive
         */
        public SequentialBlock build() {
            if (hiddenDims == null || outputDim < 1 || Arrays.stream(hiddenDims).anyMatch(d -> d < 1)) {
                throw new IllegalStateException("ProjectionHead needs a positive setOutputDim and setHiddenDims"
                        + " with positive widths (got output " + outputDim + ", hidden "
                        + Arrays.toString(hiddenDims) + ")");
            }
            SequentialBlock head = new SequentialBlock();
            for (int dim : hiddenDims) {
                head.add(Linear.builder().setUnits(dim).optBias(!batchNorm).build());
                if (batchNorm) {
                    head.add(BatchNorm.builder().build());
                }
                head.add(Activation.reluBlock());
            }
            head.add(Linear.builder().setUnits(outputDim).optBias(!outputBatchNorm).build());
            if (outputBatchNorm) {
                head.add(BatchNorm.builder().optCenter(false).optScale(false).build());
            }
            return head;
        }
    }
}
