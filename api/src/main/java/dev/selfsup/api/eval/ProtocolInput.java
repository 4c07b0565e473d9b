package dev.selfsup.api.eval;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one protocol run sees: one representation's frozen features of one seeded label subset, split into
 * a part to fit and a validation part for the protocol's own choices (standardisation, early stopping, a
 * hyper-parameter), and of the whole test split, which a protocol only scores. Choices must be made on
 * {@link #validation()}, never on {@link #test()}; the final model may be refit on all of {@link #labelled()}.
 *
 * <p>Built by the framework; its accessors may grow in later API versions.
 */
public final class ProtocolInput {

    private final String representation;
    private final LabelledFeatures labelled;
    private final LabelledFeatures fit;
    private final LabelledFeatures validation;
    private final LabelledFeatures test;
    private final double labelFraction;
    private final int subset;
    private final long seed;
    private final Path saveAs;
    private final ProtocolProgress progress;
    private final TrainableRepresentation trainable;

    private ProtocolInput(Builder builder) {
        representation = Objects.requireNonNull(builder.representation, "representation");
        labelled = Objects.requireNonNull(builder.labelled, "labelled");
        fit = builder.fit == null ? labelled : builder.fit;
        validation = builder.validation;
        test = Objects.requireNonNull(builder.test, "test");
        labelFraction = builder.labelFraction;
        subset = builder.subset;
        seed = builder.seed;
        saveAs = builder.saveAs;
        progress = builder.progress;
        trainable = builder.trainable;
        if (!labelled.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("labelled and test features have different class names");
        }
        if (labelled.width() != test.width()) {
            throw new IllegalArgumentException("labelled width " + labelled.width() + " differs from test width "
                    + test.width());
        }
    }

    /**
     * Starts a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the representation's name, e.g. {@code pretrained}, {@code random_encoder}, {@code raw} */
    public String representation() {
        return representation;
    }

    /** @return every labelled row of the subset: {@link #fit()} and {@link #validation()} together */
    public LabelledFeatures labelled() {
        return labelled;
    }

    /** @return the labelled rows to fit candidates on (all of {@link #labelled()} when there is no validation) */
    public LabelledFeatures fit() {
        return fit;
    }

    /** @return the rows to make choices on, carved from the labelled subset; empty when the subset is too small */
    public Optional<LabelledFeatures> validation() {
        return Optional.ofNullable(validation);
    }

    /** @return the whole test split, to score on */
    public LabelledFeatures test() {
        return test;
    }

    /** @return the share of the training labels the subset holds, in {@code (0, 1]} */
    public double labelFraction() {
        return labelFraction;
    }

    /** @return which of the seeded subsets at this fraction, from 0 */
    public int subset() {
        return subset;
    }

    /** @return a seed for the protocol's own randomness, fixed per subset */
    public long seed() {
        return seed;
    }

    /**
     * Returns where to save the trained model, if the framework wants it kept: a path without extension, to which
     * the protocol appends its own ({@code .tribuo}, {@code .params}...). Report every file in
     * {@link ProtocolResult#savedFiles()}.
     *
     * @return the base path, or empty not to save
     */
    public Optional<Path> saveAs() {
        return Optional.ofNullable(saveAs);
    }

    /** @return where long steps report how far they are */
    public ProtocolProgress progress() {
        return progress;
    }

    /**
     * Returns the encoder and samples behind the features, for protocols that train the encoder
     * ({@link EvaluationProtocol#needsEncoder()}).
     *
     * @return present for encoder representations, empty for the raw input
     */
    public Optional<TrainableRepresentation> trainable() {
        return Optional.ofNullable(trainable);
    }

    /** Builds a {@link ProtocolInput}: {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private String representation;
        private LabelledFeatures labelled;
        private LabelledFeatures fit;
        private LabelledFeatures validation;
        private LabelledFeatures test;
        private double labelFraction = 1.0;
        private int subset;
        private long seed;
        private Path saveAs;
        private ProtocolProgress progress = (what, done, total) -> { };
        private TrainableRepresentation trainable;

        private Builder() {
        }

        /** @param name the representation's name @return this builder */
        public Builder setRepresentation(String name) {
            this.representation = name;
            return this;
        }

        /** @param rows every labelled row of the subset @return this builder */
        public Builder setLabelled(LabelledFeatures rows) {
            this.labelled = rows;
            return this;
        }

        /** @param rows the whole test split @return this builder */
        public Builder setTest(LabelledFeatures rows) {
            this.test = rows;
            return this;
        }

        /**
         * Splits the labelled rows into a part to fit and a validation part.
         *
         * @param fitRows the rows to fit on
         * @param validationRows the rows to choose on
         * @return this builder
         */
        public Builder optValidation(LabelledFeatures fitRows, LabelledFeatures validationRows) {
            this.fit = fitRows;
            this.validation = validationRows;
            return this;
        }

        /** @param fraction the subset's label fraction @param index which subset @return this builder */
        public Builder optSubset(double fraction, int index) {
            this.labelFraction = fraction;
            this.subset = index;
            return this;
        }

        /** @param value the protocol's seed @return this builder */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /** @param base where to save the model, without extension @return this builder */
        public Builder optSaveAs(Path base) {
            this.saveAs = base;
            return this;
        }

        /** @param listener where progress goes @return this builder */
        public Builder optProgress(ProtocolProgress listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** @param representation the encoder behind the features @return this builder */
        public Builder optTrainable(TrainableRepresentation representation) {
            this.trainable = representation;
            return this;
        }

        /** @return the input */
        public ProtocolInput build() {
            return new ProtocolInput(this);
        }
    }
}
