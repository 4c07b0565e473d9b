package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.ClassificationMetrics;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.FeatureClassifier;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.api.eval.ProtocolInput;
import dev.selfsup.api.eval.ProtocolResult;
import dev.selfsup.data.AtomicFiles;
import dev.selfsup.data.ErrorText;
import dev.selfsup.eval.Standardizer;
import dev.selfsup.eval.TribuoData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

/**
 * A protocol that trains a Tribuo classifier on frozen features: the shared part of every Tribuo trainer
 * ({@code logistic}, {@code linear_sgd}, {@code knn}, {@code liblinear}, {@code libsvm}, {@code xgboost},
 * {@code cart}, {@code tribuo}). Subclasses only build the trainer.
 *
 * <p>Feature standardisation ({@code standardize: auto | true | false}) is a choice made on the validation split:
 * with {@code auto} both variants are fit on the fit rows and the one more accurate on the validation rows wins
 * (a tie keeps standardisation off, the simpler model). The final model is then trained on all labelled rows of
 * the subset and scored on the test split; the choice and both validation accuracies go into the report. The
 * saved model is Tribuo's protobuf with its provenance (trainer settings, data description), plus the feature
 * statistics when standardised.
 */
public abstract class TribuoProtocol implements EvaluationProtocol {

    /** The {@code standardize} key every Tribuo protocol accepts, with its default. */
    static SettingsSchema.Builder withStandardize(SettingsSchema.Builder schema, String defaultValue) {
        return schema.addChoice("standardize", defaultValue, List.of("auto", "true", "false"),
                "scale features to zero mean and unit variance (statistics of the training rows): auto decides "
                        + "on the validation split");
    }

    private static final String MODEL = ".tribuo";
    private static final String STATISTICS = ".standardizer.json";
    /** Test rows predicted per call, so that long predictions (kNN on large sets) report progress. */
    private static final int PREDICTION_BLOCK = 1000;

    private final String standardize;
    private final String description;

    /**
     * Creates the protocol.
     *
     * @param settings its entry; {@code standardize} is read when present (scale-invariant trainers omit it)
     * @param description what the trainer is, for messages, e.g. {@code knn}
     */
    protected TribuoProtocol(Settings settings, String description) {
        this.standardize = settings.has("standardize") ? settings.getString("standardize") : "false";
        this.description = description;
    }

    /**
     * Builds the trainer.
     *
     * @param rows the rows it will be trained on (a trainer may adapt to their number, as kNN's k does)
     * @param seed the protocol's seed for this subset
     * @return a new trainer
     */
    protected abstract Trainer<Label> trainer(LabelledFeatures rows, long seed);

    /**
     * Returns what the report should know about how the trainer adapted to the labelled rows.
     *
     * @param rows the labelled rows of the subset
     * @return notes by setting, empty by default
     */
    protected Map<String, String> notes(LabelledFeatures rows) {
        return Map.of();
    }

    /**
     * Returns the scaling used when {@code standardize: auto} finds no validation rows to decide on.
     *
     * @return true to standardise
     */
    protected boolean standardizeWithoutValidation() {
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
        Fitted fitted = fit(input.labelled(), scale, input.seed(), input.representation());
        int[] predicted = fitted.predict(input.test().features(), input, "predicting " + input.test().rows()
                + " test rows");
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
            Fitted candidate = fit(input.fit(), variant == 1, input.seed(), input.representation());
            int[] predicted = candidate.predict(validation.get().features(), input, "choosing the scaling");
            accuracy[variant] = ClassificationMetrics.of(validation.get().labels(), predicted,
                    validation.get().classNames().size()).get(ClassificationMetrics.ACCURACY);
        }
        boolean scale = accuracy[1] > accuracy[0];
        choices.put("standardize", String.format(Locale.ROOT, "%s (validation accuracy %.4f scaled, %.4f as is)",
                scale, accuracy[1], accuracy[0]));
        return scale;
    }

    private Fitted fit(LabelledFeatures rows, boolean scale, long seed, String representation) {
        Standardizer standardizer = scale ? Standardizer.fit(rows.features()) : null;
        float[][] features = scale ? standardizer.apply(rows.features()) : rows.features();
        MutableDataset<Label> data = TribuoData.dataset(features, rows.labels(), rows.classNames(),
                "representation=" + representation + " rows=" + rows.rows() + " standardized=" + scale);
        Model<Label> model;
        try {
            model = trainer(rows, seed).train(data);
        } catch (RuntimeException e) {
            throw new IllegalStateException(description + " could not be trained on " + rows.rows() + " rows of "
                    + rows.width() + " features: " + ErrorText.withCauses(e), e);
        }
        return new Fitted(model, standardizer, rows.classNames());
    }

    @Override
    @SuppressWarnings("unchecked")
    public Optional<FeatureClassifier> load(Path saveAs) throws IOException {
        Path modelFile = saveAs.resolveSibling(saveAs.getFileName() + MODEL);
        Path statistics = saveAs.resolveSibling(saveAs.getFileName() + STATISTICS);
        Model<?> loaded;
        try {
            loaded = Model.deserializeFromFile(modelFile);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot load the model " + modelFile + ": " + ErrorText.withCauses(e), e);
        }
        if (!loaded.validate(Label.class)) {
            throw new IOException(modelFile + " is not a classification model");
        }
        Standardizer standardizer = Files.exists(statistics) ? Standardizer.read(statistics) : null;
        Fitted fitted = new Fitted((Model<Label>) loaded, standardizer, List.of());
        return Optional.of(fitted::scores);
    }

    /** A trained model with the scaling it was trained with. */
    private record Fitted(Model<Label> model, Standardizer standardizer, List<String> classNames) {

        int[] predict(float[][] rows, ProtocolInput input, String what) {
            int[] out = new int[rows.length];
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int c = 0; c < classNames.size(); c++) {
                index.put(classNames.get(c), c);
            }
            for (int start = 0; start < rows.length; start += PREDICTION_BLOCK) {
                int end = Math.min(rows.length, start + PREDICTION_BLOCK);
                List<Prediction<Label>> predictions = model.predict(TribuoData.unlabelled(scaled(
                        java.util.Arrays.copyOfRange(rows, start, end))));
                for (int i = 0; i < predictions.size(); i++) {
                    out[start + i] = index.get(predictions.get(i).getOutput().getLabel());
                }
                input.progress().update(what, end, rows.length);
            }
            return out;
        }

        List<Map<String, Double>> scores(float[][] rows) {
            List<Map<String, Double>> out = new ArrayList<>(rows.length);
            // one call for the lot: Tribuo's kNN model starts a thread pool per call
            for (Prediction<Label> prediction : model.predict(TribuoData.unlabelled(scaled(rows)))) {
                Map<String, Double> scores = new LinkedHashMap<>();
                prediction.getOutputScores().values().stream()
                        .sorted(Comparator.comparingDouble(Label::getScore).reversed())
                        .forEach(l -> scores.put(l.getLabel(), l.getScore()));
                if (scores.isEmpty()) {
                    scores.put(prediction.getOutput().getLabel(), 1.0); // a trainer that gives no scores
                }
                out.add(scores);
            }
            return out;
        }

        private float[][] scaled(float[][] rows) {
            return standardizer == null ? rows : standardizer.apply(rows);
        }

        List<Path> save(Path saveAs) {
            Path modelFile = saveAs.resolveSibling(saveAs.getFileName() + MODEL);
            List<Path> files = new ArrayList<>();
            try {
                AtomicFiles.write(modelFile, model::serializeToFile);
                files.add(modelFile);
                if (standardizer != null) {
                    Path statistics = saveAs.resolveSibling(saveAs.getFileName() + STATISTICS);
                    standardizer.write(statistics);
                    files.add(statistics);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("could not save the model " + modelFile + ": "
                        + ErrorText.describe(e), e);
            }
            return files;
        }
    }
}
