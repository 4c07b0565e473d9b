package dev.selfsup.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Settings;
import dev.selfsup.data.Sha256;
import dev.selfsup.device.DeviceSelection;
import dev.selfsup.eval.EvaluationReport;
import dev.selfsup.plugin.PluginInfo;
import dev.selfsup.recipe.RecipeWriter;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.train.Checkpoints;
import dev.selfsup.train.LossPlot;
import dev.selfsup.train.MetricsSink;
import dev.selfsup.train.PretrainingLoop;
import dev.selfsup.train.ProgressDisplay;
import dev.selfsup.train.StopSignal;
import dev.selfsup.train.TrainingPlan;
import dev.selfsup.train.TrainingState;
import dev.selfsup.train.TrainingSummary;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a validated recipe: opens the data, builds and initialises the encoder and pretext model from the
 * seed, pretrains, saves the encoder, and evaluates it against the same encoder untrained and the raw
 * input with Tribuo probes.
 */
public final class RecipeRunner {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<PluginInfo> plugins;
    private final PrintStream out;
    private final boolean terminal;
    private final List<Consumer<Map<String, Object>>> metricListeners;
    private final StopSignal stopSignal;

    /**
     * Creates a runner.
     *
     * @param plugins the loaded plugin jars, recorded in provenance
     * @param out where progress and results are printed
     * @param terminal whether {@code out} is an interactive terminal
     * @param metricListeners called with every metrics record
     * @param stopSignal stops pretraining at the next step boundary, with a checkpoint, when raised
     */
    public RecipeRunner(List<PluginInfo> plugins, PrintStream out, boolean terminal,
                        List<Consumer<Map<String, Object>>> metricListeners, StopSignal stopSignal) {
        this.plugins = plugins;
        this.out = out;
        this.terminal = terminal;
        this.metricListeners = metricListeners;
        this.stopSignal = stopSignal;
    }

    /**
     * Runs the recipe in a new run folder.
     *
     * @param recipe the validated recipe
     * @return the run's results
     */
    public RunResult run(ValidatedRecipe recipe) {
        Settings settings = recipe.settings();
        RunFolder folder = RunFolder.create(Path.of(settings.getString("output")), settings.getString("name"));
        RecipeWriter.write(settings, folder.resolvedRecipe());
        return execute(recipe, folder, false);
    }

    /**
     * Continues a run from the newest valid checkpoint in its folder (from the start if there is none),
     * then saves the encoder and evaluates as a complete run would.
     *
     * @param recipe the run's own recipe ({@code recipe.resolved.yaml} of the folder), validated
     * @param folder the run folder
     * @return the run's results
     */
    public RunResult resume(ValidatedRecipe recipe, RunFolder folder) {
        return execute(recipe, folder, true);
    }

    private RunResult execute(ValidatedRecipe recipe, RunFolder folder, boolean resume) {
        Settings settings = recipe.settings();
        long seed = settings.getLong("seed");
        if (settings.getInt("threads") > 0) {
            DeviceSelection.configureThreads(settings.getInt("threads")); // effective if the engine is not started
        }
        out.println((resume ? "resuming run folder: " : "run folder: ") + folder.root());

        DatasetSplits splits = recipe.openData(folder.root());
        out.printf("data: %s, %d train / %d test samples%n", recipe.section("data").getString("dataset"),
                splits.train().size(), splits.test().size());

        List<Device> devices = DeviceSelection.resolveAll(settings.getString("device"));
        out.println("devices: " + devices + (devices.size() > 1 ? " (data parallel)" : "") + " ("
                + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion() + ", threads "
                + System.getProperty("ai.djl.pytorch.num_threads") + ")");
        if (!resume) {
            writeProvenance(folder, settings, splits, devices); // a resumed run keeps the original record
        }

        TrainingPlan plan = TrainingPlan.from(recipe.section("train"));
        Checkpoints checkpoints = new Checkpoints(folder.checkpoints(), plan.checkpointKeep());
        Path resumeFrom = null;
        if (resume) {
            resumeFrom = checkpoints.newestValid(PretrainingLoop.CHECKPOINT_FILES, out::println).orElse(null);
            long resumedStep = 0;
            if (resumeFrom != null) {
                TrainingState state = checkedState(resumeFrom, seed, Math.min(plan.batchSize(), splits.train().size()),
                        splits.train().size(), plan.totalSteps(splits.train().size()), devices.size());
                resumedStep = state.step();
            }
            int dropped = MetricsSink.truncateAfter(folder.metrics(), resumedStep);
            out.println(resumeFrom == null ? "resume: no usable checkpoint, starting from step 0"
                    : "resume: newest usable checkpoint is " + resumeFrom.getFileName()
                    + (dropped > 0 ? " (" + dropped + " metric records after it dropped)" : ""));
        }
        try (NDManager manager = NDManager.newBaseManager(devices.get(0))) {
            PretextTask task = buildTask(recipe, manager, Math.min(plan.batchSize(), splits.train().size()), seed);
            Encoder encoder = task.encoder();
            byte[] initialEncoder = parameters(encoder.block());
            out.printf("model: %s encoder (%,d parameters) + %s task (%,d parameters in all)%n",
                    recipe.encoder().name(), count(encoder.block()), recipe.pretext().name(), count(task.model()));

            TrainingSummary summary;
            long total = plan.totalSteps(splits.train().size());
            try (MetricsSink metrics = new MetricsSink(folder.metrics())) {
                metricListeners.forEach(metrics::addListener);
                PretrainingLoop loop = PretrainingLoop.builder().setTask(task).setData(splits.train()).setPlan(plan)
                        .setManager(manager).setSeed(seed).setMetrics(metrics).setCheckpoints(checkpoints)
                        .optProgress(new ProgressDisplay(out, terminal, total, 10)).optDevices(devices)
                        .optStopSignal(stopSignal).optResumeFrom(resumeFrom).optLog(out)
                        .optAugmentations(augmentations(recipe)).build();
                summary = loop.run();
            }
            drawLossPlot(folder, settings.getString("name"));
            if (summary.stopped()) {
                out.printf("%npretraining stopped (%s) after step %d of %d; checkpoint %s%n", summary.stopReason(),
                        summary.steps(), summary.totalSteps(), summary.lastCheckpoint());
                out.println("resume with: selfsup run --resume " + folder.root());
                return new RunResult(folder, summary, null);
            }
            out.printf("pretraining: steps %d-%d of %d in %.1f s, loss %.4f -> %.4f%n", summary.firstStep() + 1,
                    summary.steps(), summary.totalSteps(), summary.seconds(), summary.firstLoss(),
                    summary.finalLoss());
            saveEncoder(folder, encoder, recipe);
            if (stopSignal.isRequested()) {
                out.printf("%nstop requested (%s): pretraining is complete and the encoder saved; evaluation skipped%n",
                        stopSignal.reason());
                out.println("evaluate with: selfsup run --resume " + folder.root());
                return new RunResult(folder, summary.stoppedBecause(stopSignal.reason()), null);
            }

            EvaluationReport report = null;
            Settings evaluate = recipe.section("evaluate");
            if (evaluate.getBoolean("enabled")) {
                report = evaluate(recipe, splits, encoder, initialEncoder, manager, folder, summary, seed);
            }
            return new RunResult(folder, summary, report);
        }
    }

    private EvaluationReport evaluate(ValidatedRecipe recipe, DatasetSplits splits, Encoder trained,
                                      byte[] initialEncoder, NDManager manager, RunFolder folder,
                                      TrainingSummary summary, long seed) {
        Settings evaluate = recipe.section("evaluate");
        DownstreamHead head = recipe.head().create(evaluate.getSection("head"));
        int batch = evaluate.getInt("batch_size");
        LabelEfficiencyEvaluation evaluation = new LabelEfficiencyEvaluation(splits.train(), splits.test(), evaluate,
                seed, folder.evalDirectory(), out);
        EvaluationReport report = new EvaluationReport();
        Settings settings = recipe.settings();
        report.putMetadata("run", settings.getString("name"));
        report.putMetadata("run_folder", folder.root());
        report.putMetadata("dataset", recipe.section("data").getString("dataset"));
        report.putMetadata("train_samples", splits.train().size());
        report.putMetadata("test_samples", splits.test().size());
        report.putMetadata("encoder", recipe.section("encoder").toPlainMap());
        report.putMetadata("pretext", recipe.section("pretext").toPlainMap());
        report.putMetadata("pretraining_steps", summary.steps());
        report.putMetadata("pretraining_seconds", Math.round(summary.seconds()));
        report.putMetadata("loss_first_to_last", String.format("%.4f -> %.4f", summary.firstLoss(), summary.finalLoss()));
        report.putMetadata("seed", seed);
        report.putMetadata("probes", evaluation.describe());
        out.println("evaluation: " + evaluation.describe());

        EmbeddingExtractor pretrained = new EmbeddingExtractor(trained, head, manager, batch);
        evaluation.evaluate(EvaluationReport.PRETRAINED, source -> rows -> pretrained.extract(source, rows), report);
        List<String> baselines = evaluate.getStringList("baselines");
        if (baselines.contains(EvaluationReport.RANDOM_ENCODER)) {
            try (NDManager randomManager = manager.newSubManager()) {
                Encoder untrained = recipe.encoder().create(trained.settings());
                untrained.block().initialize(randomManager, DataType.FLOAT32, trained.inputShapes(1));
                load(untrained.block(), initialEncoder, randomManager);
                EmbeddingExtractor random = new EmbeddingExtractor(untrained, head, randomManager, batch);
                evaluation.evaluate(EvaluationReport.RANDOM_ENCODER, source -> rows -> random.extract(source, rows),
                        report);
            }
        }
        if (baselines.contains(EvaluationReport.RAW)) {
            evaluation.evaluate(EvaluationReport.RAW, source -> rows -> EmbeddingExtractor.raw(trained, source, rows),
                    report);
        }
        try {
            report.writeJson(folder.reportJson());
            report.writeMarkdown(folder.reportMarkdown());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + folder.evalDirectory(), e);
        }
        return report;
    }

    /**
     * Builds a recipe's encoder and pretext task and initialises the task model from the seed: Xavier-uniform
     * weights, the blocks' own initialisers elsewhere. The same seed gives the same weights.
     *
     * @param recipe the recipe
     * @param manager owns the parameters (its device holds them)
     * @param batchSize the batch size the input shapes are given for
     * @param seed the run seed
     * @return the task, its model initialised
     */
    public static PretextTask buildTask(ValidatedRecipe recipe, NDManager manager, int batchSize, long seed) {
        Encoder encoder = recipe.encoder().create(recipe.section("encoder"));
        PretextTask task = recipe.pretext().create(recipe.section("pretext"), encoder);
        Block model = task.model();
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        model.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.AVG, 3f), Parameter.Type.WEIGHT);
        model.initialize(manager, DataType.FLOAT32, task.inputShapes(batchSize));
        return task;
    }

    private static long count(Block block) {
        long n = 0;
        for (var p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    private static byte[] parameters(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            block.saveParameters(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void load(Block block, byte[] parameters, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(manager, in);
        } catch (IOException | ai.djl.MalformedModelException e) {
            throw new IllegalStateException("cannot restore the initial encoder parameters", e);
        }
    }

    private void saveEncoder(RunFolder folder, Encoder encoder, ValidatedRecipe recipe) {
        Path dir = folder.encoderDirectory();
        try (OutputStream os = Files.newOutputStream(dir.resolve("encoder.params"));
             DataOutputStream data = new DataOutputStream(os)) {
            encoder.block().saveParameters(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the encoder to " + dir, e);
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("encoder", recipe.section("encoder").toPlainMap());
        description.put("head", recipe.section("evaluate").getSection("head").toPlainMap());
        RecipeWriter.write(Settings.of(description), dir.resolve("encoder.yaml"));
    }

    private List<Augmentation> augmentations(ValidatedRecipe recipe) {
        recipe.augmentations().forEach(a -> out.println("augment: " + a.provider().name() + " "
                + a.settings().toPlainMap()));
        return recipe.createAugmentations();
    }

    private void drawLossPlot(RunFolder folder, String title) {
        try {
            LossPlot.write(folder.metrics(), folder.lossPlot(), title);
        } catch (IOException | RuntimeException e) {
            out.println("warning: cannot draw " + folder.lossPlot() + ": " + e.getMessage());
        }
    }

    /**
     * Reads a checkpoint's state and refuses it, before anything is changed, if it belongs to another run;
     * warns if it was written with another thread count.
     */
    private TrainingState checkedState(Path checkpoint, long seed, int batchSize, int trainSize, long totalSteps,
                                       int shards) {
        TrainingState state = TrainingState.readFor(checkpoint, seed, batchSize, trainSize, totalSteps, shards);
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        if (state.threads() != null && !state.threads().equals(threads)) {
            out.println("warning: the checkpoint was written with " + state.threads() + " native threads, this "
                    + "process uses " + threads + "; the result will differ from an uninterrupted run by rounding");
        }
        return state;
    }

    private void writeProvenance(RunFolder folder, Settings settings, DatasetSplits splits, List<Device> devices) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("selfsup", RecipeRunner.class.getPackage().getImplementationVersion());
        p.put("java", System.getProperty("java.version"));
        p.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        p.put("devices", devices.stream().map(Device::toString).toList());
        p.put("threads", System.getProperty("ai.djl.pytorch.num_threads"));
        p.put("seed", settings.getLong("seed"));
        List<Map<String, String>> pluginList = new ArrayList<>();
        for (PluginInfo info : plugins) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("id", info.id());
            m.put("version", info.version());
            m.put("jar", info.jar());
            m.put("sha256", Sha256.of(Path.of(info.jar())));
            pluginList.add(m);
        }
        p.put("plugins", pluginList);
        p.put("data", splits.provenance());
        try {
            JSON.writeValue(folder.provenance().toFile(), p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.provenance(), e);
        }
    }
}
