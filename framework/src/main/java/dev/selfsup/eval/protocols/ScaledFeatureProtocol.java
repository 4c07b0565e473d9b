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
 * tie keeps the features as they are, the simpler model). A protocol may also {@link #tuning() tune} one
 * hyper-parameter, a regularisation strength say: every value is tried with every scaling and the most accurate
 * pair wins (ties keep the earlier value). The final model is trained on all labelled rows of the subset with that
 * choice and scored on the test split; the choice and the validation accuracies go into the report. A saved model
 * keeps its feature statistics beside it ({@code <base>.standardizer.json}).
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

    /**
     * A hyper-parameter chosen on the validation split.
     *
     * @param key its recipe key, for the report
     * @param values the values to try, the preferred first (ties keep the earlier)
     * @param withoutValidation the value used when there are no validation rows
     */
    record Tuning(String key, List<Double> values, double withoutValidation) {
        /** Copies the values. */
        Tuning {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("no values of " + key + " to choose from");
            }
        }
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

        /**
         * Returns what the report should know about how this model's fit went (iterations, convergence).
         *
         * @return notes by name, empty by default
         */
        default Map<String, String> fitNotes() {
            return Map.of();
        }
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
     * @param tuned the value of the {@link #tuning() tuned} hyper-parameter; {@code NaN} when there is none
     * @param warmStart a model of the same scaling fit just before (the previous tuned value's, or for the final
     *     fit the chosen one on the fit rows), for an iterative fit to start from; {@code null} for none
     * @return the model
     */
    abstract Model fit(LabelledFeatures rows, long seed, String representation, double tuned, Model warmStart);

    /**
     * Returns the hyper-parameter this protocol chooses on the validation split, beside the scaling.
     *
     * @return the values to try; empty (the default) when there is none
     */
    Optional<Tuning> tuning() {
        return Optional.empty();
    }

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
        Chosen chosen = choose(input, choices);
        Scaled fitted = fitScaled(input.labelled(), chosen.variant(), input.seed(), input.representation(),
                chosen.onFitRows());
        choices.putAll(fitted.model().fitNotes());
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

    /** A scaling and a value of the tuned hyper-parameter ({@code NaN} without one). */
    private record Variant(boolean scale, double tuned) {
    }

    /** The variant chosen, and its model on the fit rows when validation decided ({@code null} otherwise). */
    private record Chosen(Variant variant, Model onFitRows) {
    }

    /** Picks the variant: fixed settings as they are, the rest on the validation split. */
    private Chosen choose(ProtocolInput input, Map<String, String> choices) {
        List<Boolean> scalings = switch (standardize) {
            case "true" -> List.of(true);
            case "false" -> List.of(false);
            default -> List.of(false, true);
        };
        Optional<Tuning> tuning = tuning();
        List<Double> values = tuning.map(Tuning::values).orElse(List.of(Double.NaN));
        if (scalings.size() * values.size() == 1) {
            return new Chosen(new Variant(scalings.get(0), values.get(0)), null);
        }
        Optional<LabelledFeatures> validation = input.validation();
        if (validation.isEmpty()) {
            boolean scale = scalings.size() == 1 ? scalings.get(0) : standardizeWithoutValidation();
            double value = tuning.map(Tuning::withoutValidation).orElse(Double.NaN);
            if (scalings.size() > 1) {
                choices.put("standardize", scale + " (no validation rows to decide on)");
            }
            tuning.filter(t -> values.size() > 1).ifPresent(t -> choices.put(t.key(), number(value)
                    + " (no validation rows to decide on)"));
            return new Chosen(new Variant(scale, value), null);
        }
        double[][] accuracy = new double[scalings.size()][values.size()];
        Variant best = null;
        Model bestModel = null;
        double bestAccuracy = -1;
        for (int s = 0; s < scalings.size(); s++) {
            Model previous = null;
            for (int v = 0; v < values.size(); v++) {
                Variant candidate = new Variant(scalings.get(s), values.get(v));
                Scaled fitted = fitScaled(input.fit(), candidate, input.seed(), input.representation(), previous);
                int[] predicted = fitted.predict(validation.get().features(), done -> { });
                accuracy[s][v] = ClassificationMetrics.of(validation.get().labels(), predicted,
                        validation.get().classNames().size()).get(ClassificationMetrics.ACCURACY);
                if (accuracy[s][v] > bestAccuracy) {
                    bestAccuracy = accuracy[s][v];
                    best = candidate;
                    bestModel = fitted.model();
                }
                previous = fitted.model();
            }
        }
        int bestScaling = scalings.indexOf(best.scale());
        if (scalings.size() > 1) {
            double asIs = java.util.Arrays.stream(accuracy[0]).max().orElseThrow();
            double scaled = java.util.Arrays.stream(accuracy[1]).max().orElseThrow();
            choices.put("standardize", String.format(Locale.ROOT, "%s (validation accuracy %.4f scaled, %.4f as is)",
                    best.scale(), scaled, asIs));
        }
        if (tuning.isPresent() && values.size() > 1) {
            List<String> tried = new ArrayList<>();
            for (int v = 0; v < values.size(); v++) {
                tried.add(String.format(Locale.ROOT, "%.4f at %s", accuracy[bestScaling][v], number(values.get(v))));
            }
            choices.put(tuning.get().key(), number(best.tuned()) + " (validation accuracy " + String.join(", ", tried)
                    + (scalings.size() > 1 ? ", standardize " + best.scale() : "") + ")");
        }
        return new Chosen(best, bestModel);
    }

    private static String number(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private Scaled fitScaled(LabelledFeatures rows, Variant variant, long seed, String representation,
                             Model warmStart) {
        boolean scale = variant.scale();
        Standardizer standardizer = scale ? Standardizer.fit(rows.features()) : null;
        LabelledFeatures scaled = scale ? new LabelledFeatures(standardizer.apply(rows.features()), rows.labels(),
                rows.classNames()) : rows;
        try {
            return new Scaled(fit(scaled, seed, representation + " standardized=" + scale, variant.tuned(), warmStart),
                    standardizer);
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
