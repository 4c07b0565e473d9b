package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.ClassificationMetrics;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.FeatureClassifier;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.api.eval.ProtocolInput;
import dev.selfsup.api.eval.ProtocolResult;
import dev.selfsup.eval.ProtocolFiles;
import dev.selfsup.eval.Standardizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * A frozen-feature classifier whose feature scaling is a choice made on the validation split: the shared part of
 * the Tribuo protocols and kNN. Subclasses fit, predict, save and read their model; scaling, the choice, scoring
 * and the saved statistics are here.
 *
 * <p>With {@code standardize: auto} both variants (features as they are, and scaled to zero mean and unit variance
 * with the fit rows' statistics) are fit on the fit rows, and the one more accurate on the validation rows wins (a
 * tie keeps the features as they are, the simpler model). The final model is trained on all labelled rows of the
 * subset with that choice and scored on the test split; the choice and both validation accuracies go into the
 * report. A saved model keeps its feature statistics beside it ({@code <base>.standardizer.json}).
 */
abstract class ScaledFeatureProtocol implements EvaluationProtocol {

    private static final String STATISTICS = ".standardizer.json";

    /**
     * Adds the {@code standardize} key.
     *
     * @param schema the protocol's schema so far
     * @param defaultValue {@code auto}, {@code true} or {@code false}
     * @return the schema builder
     */
    static SettingsSchema.Builder withStandardize(SettingsSchema.Builder schema, String defaultValue) {
        return schema.addChoice("standardize", defaultValue, List.of("auto", "true", "false"),
                "scale features to zero mean and unit variance (statistics of the training rows): auto decides "
                        + "on the validation split");
    }

    /** A model fit on features scaled as chosen. */
    interface Model {
        /**
         * Predicts classes.
         *
         * @param rows scaled feature rows
         * @param progress receives the rows done so far
         * @return a class index per row
         */
        int[] predict(float[][] rows, LongConsumer progress);

        /**
         * Scores every class.
         *
         * @param rows scaled feature rows
         * @return per row, class scores highest first
         */
        List<Map<String, Double>> scores(float[][] rows);

        /**
         * Saves the model under a base path.
         *
         * @param saveAs the base path
         * @return the files written
         * @throws IOException if they cannot be written
         */
        List<Path> save(Path saveAs) throws IOException;
    }

    private final String standardize;
    private final String description;

    /**
     * Creates the protocol.
     *
     * @param settings its entry; {@code standardize} is read when present (scale-invariant models omit it)
     * @param description what the model is, for messages, e.g. {@code knn}
     */
    ScaledFeatureProtocol(Settings settings, String description) {
        this.standardize = settings.has("standardize") ? settings.getString("standardize") : "false";
        this.description = description;
    }

    /**
     * Fits a model.
     *
     * @param rows the (scaled) training rows
     * @param seed the protocol seed of the subset
     * @param representation the representation's name, for provenance
     * @return the model
     */
    abstract Model fit(LabelledFeatures rows, long seed, String representation);

    /**
     * Reads a saved model.
     *
     * @param saveAs its base path
     * @return the model
     * @throws IOException if it cannot be read
     */
    abstract Model read(Path saveAs) throws IOException;

    /**
     * Returns what the report should know about how the model adapted to the labelled rows.
     *
     * @param rows the labelled rows of the subset
     * @return notes by setting, empty by default
     */
    Map<String, String> notes(LabelledFeatures rows) {
        return Map.of();
    }

    /**
     * Returns the scaling {@code standardize: auto} uses when there are no validation rows.
     *
     * @return true for models that need scaled inputs
     */
    boolean standardizeWithoutValidation() {
        return true;
    }

    @Override
    public ProtocolResult evaluate(ProtocolInput input) {
        Map<String, String> choices = new LinkedHashMap<>(notes(input.labelled()));
        boolean scale = switch (standardize) {
            case "true" -> true;
            case "false" -> false;
            default -> chooseScaling(input, choices);
        };
        Scaled fitted = fitScaled(input.labelled(), scale, input.seed(), input.representation());
        int rows = input.test().rows();
        int[] predicted = fitted.predict(input.test().features(), done -> input.progress().update("predicting "
                + rows + " test rows", done, rows));
        Map<String, Double> metrics = ClassificationMetrics.of(input.test().labels(), predicted,
                input.test().classNames().size());
        List<Path> saved = new ArrayList<>();
        if (input.saveAs().isPresent()) {
            saved.addAll(fitted.save(input.saveAs().get()));
        }
        return new ProtocolResult(metrics, choices, saved);
    }

    private boolean chooseScaling(ProtocolInput input, Map<String, String> choices) {
        Optional<LabelledFeatures> validation = input.validation();
        if (validation.isEmpty()) {
            boolean scale = standardizeWithoutValidation();
            choices.put("standardize", scale + " (no validation rows to decide on)");
            return scale;
        }
        double[] accuracy = new double[2];
        for (int variant = 0; variant < 2; variant++) {
            Scaled candidate = fitScaled(input.fit(), variant == 1, input.seed(), input.representation());
            int[] predicted = candidate.predict(validation.get().features(), done -> { });
            accuracy[variant] = ClassificationMetrics.of(validation.get().labels(), predicted,
                    validation.get().classNames().size()).get(ClassificationMetrics.ACCURACY);
        }
        boolean scale = accuracy[1] > accuracy[0];
        choices.put("standardize", String.format(Locale.ROOT, "%s (validation accuracy %.4f scaled, %.4f as is)",
                scale, accuracy[1], accuracy[0]));
        return scale;
    }

    private Scaled fitScaled(LabelledFeatures rows, boolean scale, long seed, String representation) {
        Standardizer standardizer = scale ? Standardizer.fit(rows.features()) : null;
        LabelledFeatures scaled = scale ? new LabelledFeatures(standardizer.apply(rows.features()), rows.labels(),
                rows.classNames()) : rows;
        try {
            return new Scaled(fit(scaled, seed, representation + " standardized=" + scale), standardizer);
        } catch (RuntimeException e) {
            throw new IllegalStateException(description + " could not be trained on " + rows.rows() + " rows of "
                    + rows.width() + " features: " + dev.selfsup.data.ErrorText.withCauses(e), e);
        }
    }

    @Override
    public Optional<FeatureClassifier> load(Path saveAs) throws IOException {
        Path statistics = ProtocolFiles.sibling(saveAs, STATISTICS);
        Scaled model = new Scaled(read(saveAs), Files.exists(statistics) ? Standardizer.read(statistics) : null);
        return Optional.of(model::scores);
    }


    /** A model with the scaling it was trained with. */
    private record Scaled(Model model, Standardizer standardizer) {

        int[] predict(float[][] rows, LongConsumer progress) {
            return model.predict(scaled(rows), progress);
        }

        List<Map<String, Double>> scores(float[][] rows) {
            return model.scores(scaled(rows));
        }

        private float[][] scaled(float[][] rows) {
            return standardizer == null ? rows : standardizer.apply(rows);
        }

        List<Path> save(Path saveAs) {
            try {
                List<Path> files = new ArrayList<>(model.save(saveAs));
                if (standardizer != null) {
                    Path statistics = ProtocolFiles.sibling(saveAs, STATISTICS);
                    standardizer.write(statistics);
                    files.add(statistics);
                }
                return files;
            } catch (IOException e) {
                throw new UncheckedIOException("could not save the model " + saveAs + ": "
                        + dev.selfsup.data.ErrorText.describe(e), e);
            }
        }
    }
}
