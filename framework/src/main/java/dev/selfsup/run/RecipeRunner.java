package dev.selfsup.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.api.TokenSequenceEncoder;
import dev.selfsup.data.ErrorText;
import dev.selfsup.data.FileManifest;
import dev.selfsup.device.DeviceSelection;
import dev.selfsup.embed.EmbeddingModel;
import dev.selfsup.embed.SavedEncoder;
import dev.selfsup.embed.SavedExport;
import dev.selfsup.recipe.SavedEncoders;
import dev.selfsup.eval.EvaluationReport;
import dev.selfsup.eval.ProtocolFiles;
import dev.selfsup.plugin.ExtensionRegistry;
import dev.selfsup.plugin.PluginInfo;
import dev.selfsup.recipe.RecipeWriter;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.store.RunFolder;
import dev.selfsup.store.RunLock;
import dev.selfsup.train.BatchPlan;
import dev.selfsup.train.CheckpointException;
import dev.selfsup.train.Checkpoints;
import dev.selfsup.train.DataLoading;
import dev.selfsup.train.HeldOutEvaluation;
import dev.selfsup.train.LossPlot;
import dev.selfsup.train.MetricsSink;
import dev.selfsup.train.ParameterSnapshot;
import dev.selfsup.train.PretrainingLoop;
import dev.selfsup.train.ProgressDisplay;
import dev.selfsup.train.StepSeeds;
import dev.selfsup.train.StopSignal;
import dev.selfsup.train.TrainingPlan;
import dev.selfsup.train.TrainingState;
import dev.selfsup.train.TrainingSummary;
import dev.selfsup.train.ValidationSplit;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a validated recipe: opens the data, prepares and builds the encoders and the pretext model from the seed,
 * pretrains (new, resumed, or complete already), saves what the task keeps, and hands the evaluation to
 * {@link RunEvaluation}; provenance is {@link RunProvenance}'s, the folder layout
 * {@link dev.selfsup.store.RunFolder}'s.
 */
public final class RecipeRunner {

    private final List<PluginInfo> plugins;
    private final ExtensionRegistry registry;
    private final PrintStream out;
    private final boolean terminal;
    private final List<Consumer<Map<String, Object>>> metricListeners;
    private final StopSignal stopSignal;

    /**
     * Creates a runner.
     *
     * @param plugins the loaded plugin jars, recorded in provenance
     * @param registry the loaded extensions: which plugin provided each extension a run uses is recorded
     * @param out where progress and results are printed
     * @param terminal whether {@code out} is an interactive terminal
     * @param metricListeners called with every metrics record
     * @param stopSignal stops pretraining at the next step boundary, with a checkpoint, when raised
     */
    public RecipeRunner(List<PluginInfo> plugins, ExtensionRegistry registry, PrintStream out, boolean terminal,
                        List<Consumer<Map<String, Object>>> metricListeners, StopSignal stopSignal) {
        this.plugins = plugins;
        this.registry = registry;
        this.out = out;
        this.terminal = terminal;
        this.metricListeners = metricListeners;
        this.stopSignal = stopSignal;
    }

    /**
     * Runs the recipe in a new run folder. A run that fails before its first metric record removes its folder.
     *
     * @param recipe the validated recipe
     * @return the run's results
     */
    public RunResult run(ValidatedRecipe recipe) {
        Settings settings = recipe.settings();
        RunFolder folder = RunFolder.create(Path.of(settings.getString("output")), settings.getString("name"));
        try {
            try (RunLock lock = folder.lock()) {
                RecipeWriter.write(settings, folder.resolvedRecipe());
                return execute(recipe, folder, false);
            }
        } catch (RuntimeException | Error e) {
            if (folder.removeIfNothingTrained()) {
                out.println("removed the run folder " + folder.root() + ": the run failed before training");
            }
            throw e;
        }
    }

    /**
     * Continues a run from the newest valid checkpoint in its folder (from the start if there is none),
     * then saves the encoder and evaluates as a complete run would. A run whose pretraining is complete is
     * not trained again: what is missing (the saved encoder, the evaluation) is done, or nothing if nothing is.
     *
     * @param recipe the run's own recipe ({@code recipe.resolved.yaml} of the folder), validated
     * @param folder the run folder
     * @return the run's results
     */
    public RunResult resume(ValidatedRecipe recipe, RunFolder folder) {
        try (RunLock lock = folder.lock()) {
            return execute(recipe, folder, true);
        }
    }

    /**
     * Evaluates (again) a run whose pretraining is complete, with the recipe's evaluation settings, replacing
     * its {@code eval} folder once the new evaluation has succeeded.
     *
     * @param recipe the run's recipe, possibly with changed {@code evaluate} settings, validated
     * @param folder the run folder
     * @return the run's results
     * @throws IllegalArgumentException if its pretraining is not complete or evaluation is disabled
     */
    public RunResult evaluate(ValidatedRecipe recipe, RunFolder folder) {
        try (RunLock lock = folder.lock()) {
            if (!recipe.section("evaluate").getBoolean("enabled")) {
                throw new IllegalArgumentException("evaluate.enabled is false; set evaluate.enabled=true");
            }
            Path primary = folder.encoderDirectory(recipe.primaryEncoder());
            if (!SavedEncoder.isComplete(primary)) {
                SavedEncoder.verify(primary); // says what is missing or damaged
            }
            RunSetup setup = setUp(recipe, folder, "evaluating run folder: ");
            TrainingSummary summary = SavedEncoder.readTraining(primary);
            try (NDManager manager = NDManager.newBaseManager(setup.devices.get(0))) {
                PretextTask task = recipe.buildTask(setup.artifacts, manager, setup.batches.batchSize(), setup.seed);
                Encoder encoder = primaryEncoder(recipe, task);
                byte[] initialEncoder = RepresentationEncoder.weightsOf(encoder.block());
                task.encoders().forEach((name, each) -> EmbeddingModel.load(each,
                        folder.encoderDirectory(name).resolve(SavedEncoder.PARAMETERS), manager));
                task.exports().forEach((name, block) -> SavedExport.load(folder.exportDirectory(name), block,
                        manager));
                return new RunResult(folder, summary, evaluation(recipe, folder, setup).evaluate(task, encoder,
                        initialEncoder, manager, summary));
            }
        }
    }

    /** What every kind of run opens first: data, devices, the training plan, the evaluation plan. */
    private record RunSetup(DatasetSplits splits, SampleSource pretraining, SampleSource heldOut,
                            List<Device> devices, TrainingPlan plan, long seed, BatchPlan batches,
                            List<DownstreamEvaluation> evaluation, Map<String, Path> artifacts) {
    }

    private RunSetup setUp(ValidatedRecipe recipe, RunFolder folder, String label) {
        Settings settings = recipe.settings();
        long seed = settings.getLong("seed");
        int requested = settings.getInt("threads");
        if (requested > 0) {
            int threads = DeviceSelection.configureThreads(requested); // effective if the engine is not started
            if (threads < requested) {
                out.println("warning: threads " + requested + " is more than this machine's " + threads
                        + " cores; using " + threads);
            }
        }
        out.println(label + folder.root());
        DatasetSplits splits = recipe.openData(folder.root());
        out.printf("data: %s, %d train / %d test samples%n", recipe.section("data").getString("dataset"),
                splits.train().size(), splits.test().size());
        List<Device> devices = DeviceSelection.resolveAll(settings.getString("device"));
        out.println("devices: " + devices + (devices.size() > 1 ? " (data parallel)" : "") + " ("
                + Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion() + ", threads "
                + System.getProperty("ai.djl.pytorch.num_threads") + ")");
        TrainingPlan plan = TrainingPlan.from(recipe.section("train"));
        Settings heldOutSettings = recipe.section("train").getSection("held_out");
        SampleSource pretraining = splits.train();
        SampleSource heldOut = splits.test();
        if ("validation".equals(heldOutSettings.getString("split"))) {
            ValidationSplit split = ValidationSplit.of(splits.train(), heldOutSettings.getDouble("validation_fraction"),
                    seed);
            pretraining = split.train();
            heldOut = split.validation();
            out.printf("validation: %d of the %d training samples held out of pretraining (train.held_out)%n",
                    heldOut.size(), splits.train().size());
        }
        Settings evaluate = recipe.section("evaluate");
        List<DownstreamEvaluation> evaluation = evaluate.getBoolean("enabled")
                ? DownstreamEvaluation.plan(recipe, splits, folder.root(), seed, out, terminal) : null;
        Map<String, Path> artifacts = EncoderPreparations.prepare(recipe, folder::preparedDirectory, pretraining, out);
        return new RunSetup(splits, pretraining, heldOut, devices, plan, seed,
                batchPlan(recipe, plan, pretraining, artifacts, seed), evaluation, artifacts);
    }

    /**
     * The run's batches: a fixed count, or with {@code train.batch_tokens} a token budget over the lengths the
     * primary encoder gives the training texts (counted once, in a few seconds for tens of thousands of texts).
     */
    private BatchPlan batchPlan(ValidatedRecipe recipe, TrainingPlan plan, SampleSource train,
                                Map<String, Path> artifacts, long seed) {
        int budget = recipe.section("train").getInt("batch_tokens");
        if (budget == 0) {
            return BatchPlan.of(plan, train.size());
        }
        String name = recipe.primaryEncoder();
        Encoder encoder = recipe.encoder(name).create(artifacts.get(name));
        TokenSequenceEncoder tokens = encoder.capability(TokenSequenceEncoder.class).orElseThrow(() ->
                new IllegalArgumentException("train.batch_tokens: encoder '" + name + "' ("
                        + recipe.encoder(name).provider().name() + ") reads no token sequences; set batch_tokens: 0"));
        List<String> texts = new ArrayList<>(train.size());
        for (int i = 0; i < train.size(); i++) {
            texts.add(train.get(i).get(Sample.TEXT, String.class));
        }
        int[] lengths = tokens.lengths(texts);
        BatchPlan batches = BatchPlan.tokenBudget(plan, lengths, budget, new StepSeeds(seed));
        out.printf("batches: at most %d tokens (samples x longest) and %d samples a step: %d steps, %.1f samples a "
                + "step on average%n", budget, batches.batchSize(), batches.totalSteps(), batches.meanBatchSize());
        return batches;
    }

    private RunResult execute(ValidatedRecipe recipe, RunFolder folder, boolean resume) {
        RunSetup setup = setUp(recipe, folder, resume ? "resuming run folder: " : "run folder: ");
        if (!resume) {
            // a resumed run keeps the record
            RunProvenance.write(folder, recipe, setup.splits, setup.devices, plugins, registry);
        }
        TrainingPlan plan = setup.plan;
        Checkpoints checkpoints = new Checkpoints(folder.checkpoints(), plan.checkpointKeep());
        boolean encoderSaved = resume && recipe.encoders().keySet().stream()
                .allMatch(name -> SavedEncoder.isComplete(folder.encoderDirectory(name)));
        Path resumeFrom = null;
        TrainingState resumed = null;
        if (resume && !encoderSaved) {
            resumeFrom = checkpoints.newestValid(PretrainingLoop.CHECKPOINT_FILES, out::println).orElse(null);
            if (resumeFrom != null) {
                resumed = checkedState(resumeFrom, setup);
            }
            int dropped = MetricsSink.truncateAfter(folder.metrics(), resumed == null ? 0 : resumed.step());
            out.println(resumeFrom == null ? "resume: no usable checkpoint, starting from step 0"
                    : "resume: newest usable checkpoint is " + resumeFrom.getFileName()
                    + (dropped > 0 ? " (" + dropped + " metric records after it dropped)" : ""));
        }
        boolean trained = encoderSaved || resumed != null && resumed.step() == setup.batches.totalSteps();
        try (NDManager manager = NDManager.newBaseManager(setup.devices.get(0))) {
            PretextTask task = recipe.buildTask(setup.artifacts, manager, setup.batches.batchSize(), setup.seed);
            Encoder encoder = primaryEncoder(recipe, task);
            byte[] initialEncoder = RepresentationEncoder.weightsOf(encoder.block());
            startFromEarlierRuns(recipe, task, manager); // a checkpoint, if any, overwrites them below
            StringBuilder encoders = new StringBuilder();
            task.encoders().forEach((name, e) -> encoders.append(String.format("%s%s encoder%s (%,d parameters)",
                    encoders.length() > 0 ? " + " : "", recipe.encoder(name).provider().name(),
                    recipe.encoders().size() > 1 ? " '" + name + "'" : "", count(e.block()))));
            out.printf("model: %s + %s task (%,d parameters in all)%n", encoders, recipe.pretext().name(),
                    count(task.model()));

            TrainingSummary summary;
            if (trained) {
                summary = completedPretraining(recipe, folder, setup, task, encoderSaved, resumeFrom, resumed,
                        manager);
                if (setup.evaluation == null || FileManifest.problem(folder.evalDirectory(), ProtocolFiles.MANIFEST,
                        List.of()).isEmpty() && Files.isRegularFile(folder.reportJson())) {
                    out.println("nothing to do: " + folder.root() + " is complete"
                            + (setup.evaluation == null ? " (evaluation is disabled)" : " and evaluated"));
                    return new RunResult(folder, summary, setup.evaluation == null ? null : RunEvaluation.readReport(folder));
                }
            } else {
                summary = pretrain(recipe, folder, setup, task, manager, checkpoints, resumeFrom);
                if (summary.stopped()) {
                    out.printf("%npretraining stopped (%s) after step %d of %d; checkpoint %s%n",
                            summary.stopReason(), summary.steps(), summary.totalSteps(), summary.lastCheckpoint());
                    out.println("resume with: selfsup run --resume " + folder.root());
                    return new RunResult(folder, summary, null);
                }
                out.printf("pretraining: steps %d-%d of %d in %.1f s, loss %.4f -> %.4f%n", summary.firstStep() + 1,
                        summary.steps(), summary.totalSteps(), summary.seconds(), summary.firstLoss(),
                        summary.finalLoss());
                saveEncoders(folder, task, recipe, setup.artifacts, summary);
            }
            if (stopSignal.isRequested()) {
                out.printf("%nstop requested (%s): pretraining is complete and the encoder saved; evaluation skipped%n",
                        stopSignal.reason());
                out.println("evaluate with: selfsup run --resume " + folder.root());
                return new RunResult(folder, summary.stoppedBecause(stopSignal.reason()), null);
            }
            EvaluationReport report = setup.evaluation == null ? null
                    : evaluation(recipe, folder, setup).evaluate(task, encoder, initialEncoder, manager, summary);
            return new RunResult(folder, summary, report);
        }
    }

    private TrainingSummary pretrain(ValidatedRecipe recipe, RunFolder folder, RunSetup setup, PretextTask task,
                                     NDManager manager, Checkpoints checkpoints, Path resumeFrom) {
        TrainingSummary summary;
        try (MetricsSink metrics = new MetricsSink(folder.metrics())) {
            metricListeners.forEach(metrics::addListener);
            PretrainingLoop loop = PretrainingLoop.builder().setTask(task).setData(setup.pretraining)
                    .setPlan(setup.plan).setManager(manager).setSeed(setup.seed)
                    .setMetrics(metrics).setCheckpoints(checkpoints)
                    .optProgress(new ProgressDisplay(out, terminal, setup.batches.totalSteps(), 10)).optDevices(setup.devices)
                    .optStopSignal(stopSignal).optResumeFrom(resumeFrom).optLog(out)
                    .optViews(views(recipe)).optDataLoading(DataLoading.from(recipe.section("train")))
                    .optBatchPlan(setup.batches)
                    .optHeldOut(HeldOutEvaluation.from(recipe.section("train"), setup.heldOut))
                    .optKeepBest(recipe.section("train").getSection("held_out").getBoolean("keep_best")).build();
            summary = loop.run();
        }
        drawLossPlot(folder, recipe.settings().getString("name"));
        return summary;
    }

    /**
     * The pretraining of a run that needs no more steps, its weights put into the task's encoder: from the
     * saved encoder, or (when the process was killed before saving it) from the final checkpoint, then saved.
     */
    private TrainingSummary completedPretraining(ValidatedRecipe recipe, RunFolder folder, RunSetup setup,
                                                 PretextTask task,
                                                 boolean encoderSaved, Path checkpoint, TrainingState state,
                                                 NDManager manager) {
        if (encoderSaved) {
            task.encoders().forEach((name, encoder) -> EmbeddingModel.load(encoder,
                    folder.encoderDirectory(name).resolve(SavedEncoder.PARAMETERS), manager));
            TrainingSummary summary = SavedEncoder.readTraining(folder.encoderDirectory(recipe.primaryEncoder()));
            out.printf("resume: pretraining is complete (%d steps, loss %.4f -> %.4f); using the saved encoder%n",
                    summary.steps(), summary.firstLoss(), summary.finalLoss());
            return summary;
        }
        // a checkpoint holds a kept best model only when the run keeps one (train.held_out.keep_best)
        Path parameters = checkpoint.resolve(state.bestStep() != null ? PretrainingLoop.BEST_PARAMETERS
                : "model.params");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(parameters)))) {
            ParameterSnapshot.restore(task.model(), in);
        } catch (IOException e) {
            throw new CheckpointException("cannot restore checkpoint " + checkpoint + ": " + ErrorText.describe(e), e);
        }
        double finalLoss = MetricsSink.lastLoss(folder.metrics());
        double seconds = state.trainingSeconds() != null ? state.trainingSeconds() : 0;
        TrainingSummary summary = new TrainingSummary(state.step(), state.step(), state.totalSteps(),
                state.firstLoss(), finalLoss, 0, seconds, null, checkpoint);
        out.printf("resume: pretraining is complete (%d steps, loss %.4f -> %.4f); saving the encoder from %s%n",
                summary.steps(), summary.firstLoss(), summary.finalLoss(), checkpoint.getFileName());
        saveEncoders(folder, task, recipe, setup.artifacts, summary);
        return summary;
    }

    /**
     * Loads the trained parameters of every encoder the recipe takes from an earlier run ({@code from_run}), after
     * the random initialisation the random-encoder baseline keeps.
     */
    private void startFromEarlierRuns(ValidatedRecipe recipe, PretextTask task, NDManager manager) {
        recipe.encoders().forEach((name, choice) -> {
            String run = choice.settings().getString("from_run");
            if (run.isEmpty()) {
                return;
            }
            Encoder encoder = task.encoders().get(name);
            if (encoder == null) {
                throw new IllegalStateException("encoders." + name + ".from_run: task '" + recipe.pretext().name()
                        + "' does not keep the encoder '" + name + "', so it cannot start from a run");
            }
            Path directory = SavedEncoders.directory(Path.of(run), choice.settings().getString("from_encoder"));
            SavedEncoder.verify(directory);
            EmbeddingModel.load(encoder, directory.resolve(SavedEncoder.PARAMETERS), manager);
            // loading replaces the parameter arrays: those the task trains need their gradients attached again
            for (var parameter : encoder.block().getParameters()) {
                if (parameter.getValue().requiresGradient()) {
                    parameter.getValue().getArray().setRequiresGradient(true);
                }
            }
            out.println("encoder '" + name + "' starts from " + directory);
        });
    }

    private RunEvaluation evaluation(ValidatedRecipe recipe, RunFolder folder, RunSetup setup) {
        return new RunEvaluation(recipe, folder, setup.splits, setup.evaluation, setup.artifacts, setup.seed, out);
    }

    /**
     * Returns the task's encoder that evaluation uses ({@link ValidatedRecipe#primaryEncoder()}).
     *
     * @param recipe the recipe
     * @param task the task built from it
     * @return the encoder
     * @throws IllegalStateException if the task does not keep it
     */
    public static Encoder primaryEncoder(ValidatedRecipe recipe, PretextTask task) {
        Encoder encoder = task.encoders().get(recipe.primaryEncoder());
        if (encoder == null) {
            throw new IllegalStateException("task '" + recipe.pretext().name() + "' keeps the encoders "
                    + task.encoders().keySet() + ", not '" + recipe.primaryEncoder() + "'");
        }
        return encoder;
    }

    private static long count(Block block) {
        long n = 0;
        for (var p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }

    private void saveEncoders(RunFolder folder, PretextTask task, ValidatedRecipe recipe, Map<String, Path> artifacts,
                              TrainingSummary summary) {
        task.encoders().forEach((name, encoder) -> SavedEncoder.write(folder.encoderDirectory(name), encoder.block(),
                recipe.encoder(name).settings(), recipe.section("evaluate").getSection("head"),
                registry.registration(recipe.encoder(name).provider()), artifacts.get(name), summary));
        task.exports().forEach((name, block) -> SavedExport.write(folder.exportDirectory(name), block,
                registry.registration(recipe.pretext())));
    }

    private List<List<Augmentation>> views(ValidatedRecipe recipe) {
        List<List<ValidatedRecipe.Augment>> views = recipe.views();
        for (int v = 0; v < views.size(); v++) {
            for (ValidatedRecipe.Augment a : views.get(v)) {
                out.println("augment" + (views.size() > 1 ? " (view " + v + ")" : "") + ": " + a.provider().name()
                        + " " + a.settings().toPlainMap());
            }
        }
        return recipe.createViews();
    }

    private void drawLossPlot(RunFolder folder, String title) {
        try {
            LossPlot.write(folder.metrics(), folder.lossPlot(), title);
        } catch (IOException | RuntimeException e) {
            out.println("warning: cannot draw " + folder.lossPlot() + ": " + e.getMessage());
        }
        try {
            dev.selfsup.train.TaskMetricsPlot.write(folder.metrics(), folder.taskMetricsPlot(), title
                    + ": task metrics");
        } catch (IOException | RuntimeException e) {
            out.println("warning: cannot draw " + folder.taskMetricsPlot() + ": " + e.getMessage());
        }
    }

    /**
     * Reads a checkpoint's state and refuses it, before anything is changed, if it is inconsistent or belongs
     * to another run; warns if it was written with another thread count.
     */
    private TrainingState checkedState(Path checkpoint, RunSetup setup) {
        TrainingState state = TrainingState.readFor(checkpoint, setup.seed, setup.batches,
                setup.pretraining.size(), setup.devices.size());
        String threads = System.getProperty("ai.djl.pytorch.num_threads");
        if (state.threads() != null && !state.threads().equals(threads)) {
            out.println("warning: the checkpoint was written with " + state.threads() + " native threads, this "
                    + "process uses " + threads + "; the result will differ from an uninterrupted run by rounding");
        }
        return state;
    }

}
