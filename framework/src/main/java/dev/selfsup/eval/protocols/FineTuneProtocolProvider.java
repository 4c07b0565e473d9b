package dev.selfsup.eval.protocols;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.LayeredEncoder;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.ClassificationMetrics;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.ProtocolInput;
import dev.selfsup.api.eval.ProtocolResult;
import dev.selfsup.api.eval.SampleClassifier;
import dev.selfsup.api.eval.TrainableRepresentation;
import dev.selfsup.eval.ProtocolFiles;
import dev.selfsup.data.AtomicFiles;
import dev.selfsup.train.Checkpoints;
import dev.selfsup.train.MetricsSink;
import dev.selfsup.train.PretrainingLoop;
import dev.selfsup.train.StopSignal;
import dev.selfsup.train.TrainingPlan;
import dev.selfsup.train.TrainingSummary;
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
import java.util.function.ToDoubleFunction;

/**
 * {@code fine_tune}: the encoder and a linear classifier on its pooled features, trained end to end on the labelled
 * subset with the recipe's augmentations (of its first view), by the pretraining loop (AdamW, warm-up and cosine
 * decay, gradient clipping, checkpoints in the run's own work folder). It trains on the fit rows, scores the
 * validation rows after every epoch, keeps the weights of the best epoch and stops after {@code patience} epochs
 * without improvement; those weights are scored on the test split and saved. With {@code layer_decay < 1} the
 * learning rate of an encoder parameter at depth {@code l} of {@code L} is scaled by
 * {@code layer_decay^(L - l)} (the classifier gets the full rate); this needs an encoder with the
 * {@link LayeredEncoder} capability. The raw input has no encoder, so it is not fine-tuned.
 */
@Extension
public final class FineTuneProtocolProvider implements EvaluationProtocolProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARAMETERS = ".finetune.params";
    private static final String DESCRIPTION = ".finetune.json";

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("epochs", 30, 1, 100_000, "epochs at most")
            .addInt("patience", 5, 1, 100_000, "epochs without a better validation accuracy that end training")
            .addInt("max_steps", 0, 0, 100_000_000, "steps at most; 0: epochs decide")
            .addInt("batch_size", 64, 1, 1_000_000, "labelled samples per step")
            .addDouble("lr", 1e-3, 1e-8, 10.0, "peak AdamW learning rate")
            .addDouble("weight_decay", 0.05, 0.0, 1.0, "AdamW decoupled weight decay")
            .addDouble("warmup_fraction", 0.1, 0.0, 0.9, "share of the steps spent warming the learning rate up")
            .addDouble("layer_decay", 1.0, 0.01, 1.0, "layer-wise learning-rate decay; 1: off")
            .addBoolean("augment", true, "augment the labelled samples as the recipe's first view does")
            .build();

    @Override
    public String name() {
        return "fine_tune";
    }

    @Override
    public String description() {
        return "fine-tunes the encoder with a linear head end to end (early stopping on validation)";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public EvaluationProtocol create(Settings settings) {
        return new FineTune(settings);
    }

    /** What a saved fine-tuned model needs to be rebuilt. */
    record Description(int featureDim, List<String> classNames) {
    }

    private static final class FineTune implements EvaluationProtocol {
        private final Settings settings;

        FineTune(Settings settings) {
            this.settings = settings;
        }

        @Override
        public boolean needsEncoder() {
            return true;
        }

        @Override
        public ProtocolResult evaluate(ProtocolInput input) {
            TrainableRepresentation trainable = input.trainable().orElseThrow(() -> new IllegalArgumentException(
                    "fine_tune needs an encoder to train; " + input.representation() + " has none"));
            List<String> classes = input.test().classNames();
            try (NDManager manager = NDManager.newBaseManager()) {
                Encoder encoder = trainable.copyEncoder(manager);
                int featureDim = trainable.head().featureDim(encoder.embeddingDim());
                FineTuneNetwork network = new FineTuneNetwork(encoder.block(), trainable.head(), featureDim,
                        classes.size());
                network.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, encoder.inputShapes(1));
                // loaded parameters come without gradients attached (DJL attaches them when it initialises)
                network.getParameters().values().stream().filter(p -> p.requiresGradient()
                        && !p.getArray().hasGradient()).forEach(p -> p.getArray().setRequiresGradient(true));
                StopSignal stop = new StopSignal();
                List<Sample> validation = samples(trainable.train(), trainable.validationRows());
                FineTuneTask task = new FineTuneTask(network, encoder, manager, validation,
                        settings.getInt("patience"), stop);
                SampleSource fit = trainable.train().subset(trainable.fitRows());
                int batch = Math.min(settings.getInt("batch_size"), fit.size());
                long perEpoch = (fit.size() + batch - 1) / batch;
                TrainingSummary summary = train(task, fit, batch, perEpoch, trainable, input, manager, stop,
                        encoder);
                task.restoreBest();
                int[] predicted = FineTuneTask.predict(network, encoder, manager, samples(trainable.test(), null));
                Map<String, Double> metrics = ClassificationMetrics.of(input.test().labels(), predicted,
                        classes.size());
                Map<String, String> choices = new LinkedHashMap<>();
                long epochs = (summary.steps() + perEpoch - 1) / perEpoch;
                choices.put("early_stopping", task.bestEpoch() >= 0 ? String.format(Locale.ROOT, "kept epoch %d of "
                        + "%d trained (best validation accuracy %.4f)", task.bestEpoch() + 1, epochs,
                        task.bestAccuracy()) : "none: " + epochs + " epochs trained (no validation rows to stop on)");
                List<Path> saved = input.saveAs().isPresent()
                        ? save(network, featureDim, classes, input.saveAs().get()) : List.of();
                return new ProtocolResult(metrics, choices, saved);
            }
        }

        private TrainingSummary train(FineTuneTask task, SampleSource fit, int batch, long perEpoch,
                                      TrainableRepresentation trainable, ProtocolInput input, NDManager manager,
                                      StopSignal stop, Encoder encoder) {
            long steps = perEpoch * settings.getInt("epochs");
            if (settings.getInt("max_steps") > 0) {
                steps = Math.min(steps, settings.getInt("max_steps"));
            }
            TrainingPlan plan = new TrainingPlan(settings.getInt("epochs"), steps, batch, settings.getDouble("lr"),
                    settings.getDouble("weight_decay"), 0.9, 0.999, 1e-8, true,
                    Math.round(settings.getDouble("warmup_fraction") * steps), 0.0, 1.0, 0, 1, perEpoch);
            Path work = trainable.workDirectory();
            try {
                Files.createDirectories(work);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the fine-tuning folder " + work, e);
            }
            long total = steps;
            try (MetricsSink metrics = new MetricsSink(work.resolve("metrics.jsonl"))) {
                PretrainingLoop.Builder loop = PretrainingLoop.builder().setTask(task).setData(fit).setPlan(plan)
                        .setManager(manager).setSeed(input.seed()).setMetrics(metrics)
                        .setCheckpoints(new Checkpoints(work.resolve("checkpoints"), 1)).optStopSignal(stop)
                        .optStepTimings((step, phases) -> input.progress().update("fine-tuning steps", step + 1,
                                total));
                if (settings.getBoolean("augment")) {
                    loop.optViews(List.of(trainable.augmentations()));
                }
                double decay = settings.getDouble("layer_decay");
                if (decay < 1.0) {
                    loop.optLearningRateScales(layerDecay(encoder, decay, task));
                }
                return loop.build().run();
            }
        }

        /** {@code decay^(L - l)} for an encoder parameter at depth l of L; 1 for the classifier. */
        private static ToDoubleFunction<String> layerDecay(Encoder encoder, double decay, FineTuneTask task) {
            LayeredEncoder layers = encoder.capability(LayeredEncoder.class).orElseThrow(() ->
                    new IllegalArgumentException("layer_decay needs an encoder that says which layer each "
                            + "parameter belongs to (" + encoder.getClass().getSimpleName() + " does not); set "
                            + "layer_decay: 1"));
            String prefix = task.model().getParameters().keys().stream().filter(k -> k.contains("encoder_"))
                    .findFirst().map(k -> k.substring(0, k.indexOf("encoder_") + "encoder_".length())).orElse("");
            int count = layers.layerCount();
            return name -> name.startsWith(prefix) ? Math.pow(decay, count - layers.layerOf(
                    name.substring(prefix.length()))) : 1.0;
        }

        private static List<Path> save(FineTuneNetwork network, int featureDim, List<String> classes, Path saveAs) {
            Path parameters = ProtocolFiles.sibling(saveAs, PARAMETERS);
            Path description = ProtocolFiles.sibling(saveAs, DESCRIPTION);
            try {
                AtomicFiles.write(parameters, temp -> {
                    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(temp))) {
                        network.saveParameters(out);
                    }
                });
                byte[] json = JSON.writeValueAsBytes(new Description(featureDim, classes));
                AtomicFiles.write(description, temp -> Files.write(temp, json));
            } catch (IOException e) {
                throw new UncheckedIOException("could not save the fine-tuned model " + parameters, e);
            }
            return List.of(parameters, description);
        }

        @Override
        public Optional<SampleClassifier> loadWithEncoder(Path saveAs, Encoder architecture, DownstreamHead head)
                throws IOException {
            Description description = JSON.readValue(ProtocolFiles.sibling(saveAs, DESCRIPTION).toFile(), Description.class);
            NDManager manager = NDManager.newBaseManager();
            try {
                architecture.block().initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32,
                        architecture.inputShapes(1));
                FineTuneNetwork network = new FineTuneNetwork(architecture.block(), head, description
                        .featureDim(), description.classNames().size());
                network.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, architecture.inputShapes(1));
                try (DataInputStream in = new DataInputStream(Files.newInputStream(ProtocolFiles.sibling(saveAs, PARAMETERS)))) {
                    network.loadParameters(manager, in);
                }
                return Optional.of(new Loaded(network, architecture, manager, description.classNames()));
            } catch (IOException | ai.djl.MalformedModelException | RuntimeException e) {
                manager.close();
                throw new IOException("cannot load the fine-tuned model " + ProtocolFiles.sibling(saveAs, PARAMETERS) + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** A loaded fine-tuned model. */
    private record Loaded(FineTuneNetwork network, Encoder encoder, NDManager manager, List<String> classNames)
            implements SampleClassifier {

        @Override
        public synchronized List<Map<String, Double>> scores(List<Sample> samples) {
            return ClassProbabilities.byClass(FineTuneTask.probabilities(network, encoder, manager, samples),
                    classNames);
        }

        @Override
        public void close() {
            manager.close();
        }
    }


    private static List<Sample> samples(SampleSource source, int[] rows) {
        int count = rows == null ? source.size() : rows.length;
        List<Sample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(source.get(rows == null ? i : rows[i]));
        }
        return out;
    }
}
