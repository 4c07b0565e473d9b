package dev.selfsup.eval.protocols;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.ClassificationMetrics;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.FeatureClassifier;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.api.eval.ProtocolInput;
import dev.selfsup.api.eval.ProtocolResult;
import dev.selfsup.data.AtomicFiles;
import dev.selfsup.eval.ProtocolFiles;
import dev.selfsup.eval.Standardizer;
import dev.selfsup.train.AdamW;
import dev.selfsup.train.GradientMode;
import org.pf4j.Extension;

import java.io.DataInputStream;
import java.io.DataOutputStream;
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
import java.util.SplittableRandom;

/**
 * {@code mlp}: a probe with one hidden ReLU layer, trained with DJL (AdamW, softmax cross-entropy) on standardised
 * frozen features. Linear heads under-report representations whose information is there but not linearly
 * separable (masked modelling's, typically); this one measures a little more of it.
 *
 * <p>The number of epochs is chosen on the validation split (early stopping: the epoch of best validation
 * accuracy, {@code patience} epochs without improvement end the search); the final probe is trained for that many
 * epochs on all labelled rows of the subset. Without validation rows it trains {@code epochs} epochs.
 */
@Extension
public final class MlpProbeProvider implements EvaluationProtocolProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARAMETERS = ".mlp.params";
    private static final String DESCRIPTION = ".mlp.json";
    private static final String STATISTICS = ".standardizer.json";

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("hidden", 512, 1, 1_000_000, "width of the hidden layer")
            .addInt("epochs", 100, 1, 100_000, "epochs at most (all of them without validation rows)")
            .addInt("patience", 10, 1, 100_000, "epochs without a better validation accuracy that end training")
            .addInt("batch_size", 256, 1, 1_000_000, "rows per update")
            .addDouble("lr", 1e-3, 1e-8, 10.0, "AdamW learning rate")
            .addDouble("weight_decay", 1e-4, 0.0, 1.0, "AdamW decoupled weight decay")
            .build();

    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "one-hidden-layer MLP probe on frozen features (DJL), epochs chosen on validation";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public EvaluationProtocol create(Settings settings) {
        return new MlpProbe(settings.getInt("hidden"), settings.getInt("epochs"), settings.getInt("patience"),
                settings.getInt("batch_size"), settings.getDouble("lr"), settings.getDouble("weight_decay"));
    }

    /** What a saved probe needs to be rebuilt. */
    record Description(int width, int hidden, List<String> classNames) {
    }

    private record MlpProbe(int hidden, int maxEpochs, int patience, int batchSize, double lr, double weightDecay)
            implements EvaluationProtocol {

        @Override
        public ProtocolResult evaluate(ProtocolInput input) {
            Map<String, String> choices = new LinkedHashMap<>();
            int epochs = maxEpochs;
            if (input.validation().isPresent()) {
                LabelledFeatures validation = input.validation().get();
                double[] best = {-1, 0};
                Trained search = train(input.fit(), maxEpochs, input, (epoch, model) -> {
                    double accuracy = accuracy(model.predict(validation.features()), validation);
                    if (accuracy > best[0]) {
                        best[0] = accuracy;
                        best[1] = epoch;
                    }
                    return epoch - best[1] < patience;
                });
                search.close();
                epochs = (int) best[1];
                choices.put("epochs", String.format(Locale.ROOT, "%d (best validation accuracy %.4f)", epochs,
                        best[0]));
            }
            try (Trained model = train(input.labelled(), epochs, input, (epoch, m) -> true)) {
                int[] predicted = model.predict(input.test().features());
                Map<String, Double> metrics = ClassificationMetrics.of(input.test().labels(), predicted,
                        input.test().classNames().size());
                List<Path> saved = input.saveAs().isPresent() ? model.save(input.saveAs().get()) : List.of();
                return new ProtocolResult(metrics, choices, saved);
            }
        }

        private static double accuracy(int[] predicted, LabelledFeatures rows) {
            return ClassificationMetrics.of(rows.labels(), predicted, rows.classNames().size())
                    .get(ClassificationMetrics.ACCURACY);
        }

        /** Trains for up to {@code epochs}, asking {@code carryOn} after each; returns the model after the last. */
        private Trained train(LabelledFeatures rows, int epochs, ProtocolInput input, EpochCheck carryOn) {
            Standardizer standardizer = Standardizer.fit(rows.features());
            Trained model = new Trained(rows.width(), hidden, rows.classNames(), standardizer);
            float[][] scaled = standardizer.apply(rows.features());
            SplittableRandom random = new SplittableRandom(input.seed());
            int[] order = new int[rows.rows()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            List<Parameter> parameters = new ArrayList<>();
            for (Pair<String, Parameter> p : model.block.getParameters()) {
                parameters.add(p.getValue());
            }
            try (GradientMode off = GradientMode.off();
                 AdamW optimizer = AdamW.builder().setParameters(parameters).setManager(model.manager)
                         .optWeightDecay(weightDecay).build()) {
                ParameterStore store = new ParameterStore(model.manager, false);
                for (int epoch = 1; epoch <= epochs; epoch++) {
                    for (int i = order.length - 1; i > 0; i--) {
                        int j = random.nextInt(i + 1);
                        int swap = order[i];
                        order[i] = order[j];
                        order[j] = swap;
                    }
                    for (int start = 0; start < order.length; start += batchSize) {
                        int end = Math.min(order.length, start + batchSize);
                        try (NDManager batch = model.manager.newSubManager()) {
                            NDArray x = batch.create(gather(scaled, order, start, end));
                            float[] labels = new float[end - start];
                            for (int i = start; i < end; i++) {
                                labels[i - start] = rows.labels()[order[i]];
                            }
                            NDArray y = batch.create(labels);
                            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                                NDArray logits = model.block.forward(store, new NDList(x), true).singletonOrThrow();
                                NDArray loss = new ai.djl.training.loss.SoftmaxCrossEntropyLoss()
                                        .evaluate(new NDList(y), new NDList(logits));
                                collector.backward(loss);
                            }
                            optimizer.step(lr);
                        }
                    }
                    input.progress().update("mlp training", epoch, epochs);
                    if (!carryOn.next(epoch, model)) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            return model;
        }

        @Override
        public Optional<FeatureClassifier> load(Path saveAs) throws IOException {
            Description description = JSON.readValue(ProtocolFiles.sibling(saveAs, DESCRIPTION).toFile(), Description.class);
            Trained model = new Trained(description.width(), description.hidden(), description.classNames(),
                    Standardizer.read(ProtocolFiles.sibling(saveAs, STATISTICS)));
            try (DataInputStream in = new DataInputStream(Files.newInputStream(ProtocolFiles.sibling(saveAs, PARAMETERS)))) {
                model.block.loadParameters(model.manager, in);
            } catch (ai.djl.MalformedModelException | IOException e) {
                model.close();
                throw new IOException("cannot load the MLP probe " + ProtocolFiles.sibling(saveAs, PARAMETERS) + ": "
                        + e.getMessage(), e);
            }
            // the classifier lives as long as the process that asked for it: its few kilobytes of native
            // memory are released with the engine
            return Optional.of(model::scores);
        }
    }

    @FunctionalInterface
    private interface EpochCheck {
        boolean next(int epoch, Trained model);
    }

    private static float[][] gather(float[][] rows, int[] order, int start, int end) {
        float[][] out = new float[end - start][];
        for (int i = start; i < end; i++) {
            out[i - start] = rows[order[i]];
        }
        return out;
    }


    /** A probe's block with its native memory, feature statistics and class names. */
    private static final class Trained implements AutoCloseable {
        private final NDManager manager = NDManager.newBaseManager(Device.cpu());
        private final Block block;
        private final int width;
        private final int hidden;
        private final List<String> classNames;
        private final Standardizer standardizer;

        Trained(int width, int hidden, List<String> classNames, Standardizer standardizer) {
            this.width = width;
            this.hidden = hidden;
            this.classNames = List.copyOf(classNames);
            this.standardizer = standardizer;
            block = new SequentialBlock()
                    .add(Linear.builder().setUnits(hidden).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(classNames.size()).build());
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, width));
        }

        private synchronized float[][] probabilities(float[][] features) {
            float[][] scaled = standardizer.apply(features);
            float[][] out = new float[scaled.length][];
            ParameterStore store = new ParameterStore(manager, false);
            for (int start = 0; start < scaled.length; start += 4096) {
                int end = Math.min(scaled.length, start + 4096);
                try (NDManager batch = manager.newSubManager()) {
                    NDArray x = batch.create(java.util.Arrays.copyOfRange(scaled, start, end));
                    NDArray p = block.forward(store, new NDList(x), false).singletonOrThrow().softmax(1);
                    float[] flat = p.toFloatArray();
                    for (int i = start; i < end; i++) {
                        out[i] = java.util.Arrays.copyOfRange(flat, (i - start) * classNames.size(),
                                (i - start + 1) * classNames.size());
                    }
                }
            }
            return out;
        }

        int[] predict(float[][] features) {
            return ClassProbabilities.argmax(probabilities(features));
        }

        List<Map<String, Double>> scores(float[][] features) {
            return ClassProbabilities.byClass(probabilities(features), classNames);
        }

        List<Path> save(Path saveAs) {
            Path parameters = ProtocolFiles.sibling(saveAs, PARAMETERS);
            Path description = ProtocolFiles.sibling(saveAs, DESCRIPTION);
            Path statistics = ProtocolFiles.sibling(saveAs, STATISTICS);
            try {
                AtomicFiles.write(parameters, temp -> {
                    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(temp))) {
                        block.saveParameters(out);
                    }
                });
                byte[] json = JSON.writeValueAsBytes(new Description(width, hidden, classNames));
                AtomicFiles.write(description, temp -> Files.write(temp, json));
                standardizer.write(statistics);
            } catch (IOException e) {
                throw new UncheckedIOException("could not save the MLP probe " + parameters, e);
            }
            return List.of(parameters, description, statistics);
        }

        @Override
        public void close() {
            manager.close();
        }
    }
}
