package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.data.AtomicFiles;
import dev.selfsup.data.ErrorText;
import dev.selfsup.eval.ProtocolFiles;
import dev.selfsup.eval.TribuoData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

/**
 * A protocol that trains a Tribuo classifier on frozen features: the shared part of every Tribuo trainer
 * ({@code logistic}, {@code linear_sgd}, {@code liblinear}, {@code libsvm}, {@code xgboost}, {@code cart},
 * {@code tribuo}). Subclasses only build the trainer. The saved model is Tribuo's protobuf with its provenance
 * (trainer settings, data description).
 */
abstract class TribuoProtocol extends ScaledFeatureProtocol {

    private static final String MODEL = ".tribuo";
    /** Test rows predicted per call, so that long predictions report progress. */
    private static final int PREDICTION_BLOCK = 1000;

    /**
     * Creates the protocol.
     *
     * @param settings its entry
     * @param description what the trainer is, for messages
     */
    TribuoProtocol(Settings settings, String description) {
        super(settings, description);
    }

    /**
     * Builds the trainer.
     *
     * @param rows the rows it will be trained on (a trainer may adapt to their number)
     * @param seed the protocol's seed for this subset
     * @return a new trainer
     */
    abstract Trainer<Label> trainer(LabelledFeatures rows, long seed);

    @Override
    Model fit(LabelledFeatures rows, long seed, String representation, double tuned, Model warmStart) {
        MutableDataset<Label> data = TribuoData.dataset(rows.features(), rows.labels(), rows.classNames(),
                "representation=" + representation + " rows=" + rows.rows());
        return new TribuoModel(trainer(rows, seed).train(data), rows.classNames());
    }

    @Override
    @SuppressWarnings("unchecked")
    Model read(Path saveAs) throws IOException {
        Path file = ProtocolFiles.sibling(saveAs, MODEL);
        org.tribuo.Model<?> loaded;
        try {
            loaded = org.tribuo.Model.deserializeFromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot load the model " + file + ": " + ErrorText.withCauses(e), e);
        }
        if (!loaded.validate(Label.class)) {
            throw new IOException(file + " is not a classification model");
        }
        return new TribuoModel((org.tribuo.Model<Label>) loaded, List.of());
    }

    /**
     * A Tribuo model as a protocol model.
     *
     * @param model the model
     * @param classNames the class names of the rows it was fit on, by index (empty for a model read back, which
     *     only scores)
     */
    private record TribuoModel(org.tribuo.Model<Label> model, List<String> classNames) implements Model {

        @Override
        public int[] predict(float[][] rows, LongConsumer progress) {
            int[] out = new int[rows.length];
            for (int start = 0; start < rows.length; start += PREDICTION_BLOCK) {
                int end = Math.min(rows.length, start + PREDICTION_BLOCK);
                List<Prediction<Label>> predictions = model.predict(TribuoData.unlabelled(
                        Arrays.copyOfRange(rows, start, end)));
                for (int i = 0; i < predictions.size(); i++) {
                    out[start + i] = classNames.indexOf(predictions.get(i).getOutput().getLabel());
                }
                progress.accept(end);
            }
            return out;
        }

        @Override
        public List<Map<String, Double>> scores(float[][] rows) {
            List<Map<String, Double>> out = new ArrayList<>(rows.length);
            // one call for the lot: some Tribuo models start a thread pool per call
            for (Prediction<Label> prediction : model.predict(TribuoData.unlabelled(rows))) {
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

        @Override
        public List<Path> save(Path saveAs) throws IOException {
            Path file = ProtocolFiles.sibling(saveAs, MODEL);
            AtomicFiles.write(file, model::serializeToFile);
            return List.of(file);
        }
    }
}
