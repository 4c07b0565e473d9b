package dev.selfsup.cli;

import dev.selfsup.SelfSup;
import dev.selfsup.align.ZeroShotClassifier;
import dev.selfsup.bench.Benchmark;
import dev.selfsup.bench.ReferenceExport;
import dev.selfsup.device.DeviceSelection;
import dev.selfsup.embed.Classifier;
import dev.selfsup.embed.EmbeddingModel;
import dev.selfsup.embed.Prediction;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.data.DataException;
import dev.selfsup.data.ErrorText;
import dev.selfsup.data.IntegrityException;
import dev.selfsup.plugin.DuplicateExtensionException;
import dev.selfsup.plugin.ExtensionKind;
import dev.selfsup.plugin.PluginInfo;
import dev.selfsup.plugin.RegisteredExtension;
import dev.selfsup.plugin.UnknownExtensionException;
import dev.selfsup.recipe.RecipeSchema;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.run.EvaluationException;
import dev.selfsup.store.RunFolderInUseException;
import dev.selfsup.run.RunResult;
import dev.selfsup.train.CheckpointException;
import dev.selfsup.train.ConcurrentTrainingException;
import dev.selfsup.train.TrainingDivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code selfsup}: run, evaluate, validate, plugins, bench, embed, predict, report. */
@Command(name = "selfsup", mixinStandardHelpOptions = true, versionProvider = SelfSupCommand.Version.class,
        description = "Self-supervised pretraining and label-efficiency evaluation on the JVM.",
        subcommands = {SelfSupCommand.Run.class, SelfSupCommand.Validate.class, SelfSupCommand.Plugins.class,
                SelfSupCommand.Evaluate.class, SelfSupCommand.Bench.class, SelfSupCommand.Soak.class,
                SelfSupCommand.Embed.class,
                SelfSupCommand.Predict.class, SelfSupCommand.Report.class})
public final class SelfSupCommand {

    /** {@code selfsup --version}: the framework build, the plugin API and the DJL version. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String build = SelfSupCommand.class.getPackage().getImplementationVersion();
            return new String[] {"selfsup " + (build == null ? "(development build)" : build) + ", plugin API "
                    + dev.selfsup.api.ApiVersion.current() + ", DJL " + ai.djl.engine.Engine.getDjlVersion()};
        }
    }

    /** Tribuo logs every training call through java.util.logging; the CLI prints its own summary. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    /** Exit code for invalid input (recipe, data, plugins). */
    static final int INPUT_ERROR = 2;

    /** Exit code for a run stopped early by a request other than a signal. */
    static final int STOPPED = 3;

    /** Exit code for a failure that is not the input's fault (evaluation, memory). */
    static final int FAILED = 1;

    /** Options every subcommand shares. */
    static class Common {
        @Option(names = "--plugins", paramLabel = "DIR", description = "plugin jars folder (default: ${DEFAULT-VALUE})",
                defaultValue = "${env:SELFSUP_PLUGINS:-plugins}")
        Path pluginsDirectory;

        @Option(names = "--no-classpath-plugins", description = "ignore plugins found on the class path")
        boolean noClasspathPlugins;

        @Option(names = "--plugin-allow-list", paramLabel = "FILE", defaultValue = "${env:SELFSUP_PLUGIN_ALLOW_LIST}",
                description = "load only the jars listed in FILE (lines: PLUGIN_ID SHA256); "
                        + "'selfsup plugins --allow-list' prints the lines for the jars installed now")
        Path pluginAllowList;

        @Option(names = "--verbose", description = "print stack traces of errors and the plugin loader's log")
        boolean verbose;

        @Spec
        CommandSpec spec;

        /** Loads the plugins; each jar that failed is logged (once) by the plugin runtime, with the reason. */
        SelfSup open(PrintStream out, int threads) {
            return SelfSup.builder()
                    .optPluginsDirectory(pluginsDirectory)
                    .optPluginAllowList(pluginAllowList)
                    .optClasspathPlugins(!noClasspathPlugins)
                    .optThreads(threads)
                    .optOutput(out, System.console() != null)
                    .build();
        }

        /** Refuses an option value, as picocli refuses a malformed one: the message, then the usage. */
        void check(String option, String problem) {
            if (!problem.isEmpty()) {
                throw new ParameterException(spec.commandLine(), option + ": " + problem);
            }
        }

        /** Checks {@code --threads} with the rule of the recipe's {@code threads}. */
        int checkedThreads(int threads) {
            check("--threads", RecipeSchema.TOP.checkValue("threads", threads));
            return threads;
        }
    }

    private static String atLeast(long value, long min) {
        return value >= min ? "" : "must be at least " + min + ", got " + value;
    }

    /** Options of commands that read a recipe. */
    static class RecipeOptions extends Common {
        @Parameters(index = "0", paramLabel = "RECIPE", description = "recipe YAML file")
        Path recipe;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a recipe value, e.g. train.epochs=3")
        List<String> overrides = new ArrayList<>();

        /** Where a measuring command writes its JSON by default: {@code <output>/<kind>/<name>.json}. */
        static Path defaultOutput(ValidatedRecipe validated, String kind) {
            return Path.of(validated.settings().getString("output"), kind,
                    validated.settings().getString("name") + ".json");
        }
    }

    /** Options of commands that use a finished run on input files. */
    static class TrainedRunOptions extends Common {
        @Option(names = "--run", required = true, paramLabel = "RUN_FOLDER", description = "a finished run folder")
        Path run;

        @Option(names = "--batch-size", defaultValue = "256", description = "files per forward pass")
        int batchSize;

        /** The batch size, checked with the rule of the recipe's {@code evaluate.batch_size}. */
        int checkedBatchSize() {
            check("--batch-size", RecipeSchema.TOP.checkValue("evaluate.batch_size", batchSize));
            return batchSize;
        }

        @Parameters(arity = "1..*", paramLabel = "INPUT", description = "files, folders or globs of the run's "
                + "modality (with --lines or --jsonl, - reads standard input)")
        List<String> inputs;

        @Option(names = "--lines", description = "text runs: every non-blank line of the inputs is one text")
        boolean lines;

        @Option(names = "--jsonl", paramLabel = "FIELD", description = "text runs: the inputs are JSON Lines, FIELD "
                + "holds each text")
        String jsonlField;

        /** The inputs as text records, or null when they are files, one sample each. */
        TextRecords.Records records() throws java.io.IOException {
            return lines || jsonlField != null ? TextRecords.read(inputs, jsonlField, System.in) : null;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Validate a recipe, fetch its data, pretrain, evaluate, and print where the report is.",
                    "Ctrl-C or SIGTERM stops after the current step with a checkpoint; --resume continues it."})
    static final class Run extends Common implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "RECIPE", description = "recipe YAML file")
        Path recipe;

        @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a recipe value, e.g. train.epochs=3")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--resume", paramLabel = "RUN_FOLDER",
                description = "continue a stopped or crashed run from its newest valid checkpoint")
        Path resume;

        @Option(names = "--threads", description = "native threads (default: the recipe's threads, else all cores)")
        int threads;

        @Override
        public Integer call() {
            if ((recipe == null) == (resume == null)) {
                throw new IllegalArgumentException("give either a RECIPE or --resume RUN_FOLDER");
            }
            if (resume != null && !overrides.isEmpty()) {
                throw new IllegalArgumentException("--set cannot be combined with --resume: a resumed run continues "
                        + "with the recipe recorded in " + resume.resolve("recipe.resolved.yaml")
                        + "; to evaluate it with other settings use: selfsup evaluate " + resume
                        + " --set evaluate.KEY=VALUE");
            }
            PrintStream out = System.out;
            try (SelfSup selfsup = open(out, checkedThreads(threads));
                 StopOnSignal signals = new StopOnSignal(selfsup, System.err)) {
                RunResult result = resume != null ? selfsup.resume(resume)
                        : selfsup.run(selfsup.validate(recipe, overrides));
                if (result.training().stopped()) {
                    return signals.exitCode() != 0 ? signals.exitCode() : STOPPED;
                }
                printResult(out, result);
                return 0;
            }
        }
    }

    /** Prints a finished run's report, and where its files are. */
    private static void printResult(PrintStream out, RunResult result) {
        out.println();
        if (result.report() != null) {
            out.println(result.report().toMarkdown());
            out.println("report: " + result.folder().reportHtml().toAbsolutePath() + " (open it in a browser; "
                    + "Markdown: " + result.folder().reportMarkdown().getFileName() + ")");
            out.println("label-efficiency plot: " + result.folder().labelEfficiencyPlot().toAbsolutePath());
        }
        out.println("loss plot: " + result.folder().lossPlot().toAbsolutePath());
        out.println("run folder: " + result.folder().root().toAbsolutePath());
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Render evaluated runs again from their eval/report.json: with one run its "
                    + "plots/label-efficiency.png and eval/report.html; with several, one page comparing them (one row "
                    + "per run and protocol)."})
    static final class Report extends Common implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "RUN_FOLDER", description = "evaluated run folders")
        List<Path> runs;

        @Option(names = "--out", paramLabel = "FILE",
                description = "the comparison page of several runs (default: comparison.html here)")
        Path out;

        @Override
        public Integer call() {
            Path page = runs.size() == 1 && out == null ? dev.selfsup.run.RunReports.renderRun(runs.get(0))
                    : dev.selfsup.run.RunReports.renderComparison(runs, out != null ? out : Path.of("comparison.html"));
            System.out.println("report: " + page.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = {"Evaluate (again) a run whose pretraining is complete, e.g. with other protocols or "
                    + "label fractions; replaces its eval folder once the new evaluation succeeds.",
                    "Only evaluate.* keys may be changed: the rest describes what was pretrained."})
    static final class Evaluate extends Common implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RUN_FOLDER", description = "a run folder with a saved encoder")
        Path run;

        @Option(names = "--set", paramLabel = "evaluate.KEY=VALUE",
                description = "override an evaluation setting, e.g. evaluate.label_fractions=[0.1,1.0]")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--threads", description = "native threads (default: the recipe's threads, else all cores)")
        int threads;

        @Override
        public Integer call() {
            try (SelfSup selfsup = open(System.out, checkedThreads(threads))) {
                printResult(System.out, selfsup.evaluate(run, overrides));
                return 0;
            }
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = {"Measure a recipe's training step: selfsup's loop and a plain DJL loop alternately, "
                    + "with a phase breakdown, FLOPs, a GEMM ceiling and memory; prints and writes JSON."})
    static final class Bench extends RecipeOptions implements Callable<Integer> {
        @Option(names = "--warmup", defaultValue = "5", description = "unmeasured steps first (default 5)")
        int warmup;

        @Option(names = "--steps", defaultValue = "10", description = "measured steps per loop per round (default 10)")
        int steps;

        @Option(names = "--rounds", defaultValue = "5", description = "alternating rounds (default 5)")
        int rounds;

        @Option(names = "--out", paramLabel = "FILE", description = "JSON output (default: <output>/bench/<name>.json)")
        Path json;

        @Option(names = "--threads", description = "native threads (default: the recipe's threads, else all cores)")
        int threads;

        @Option(names = "--export-reference", paramLabel = "DIR",
                description = "instead, export initial weights, one batch and the expected losses for "
                        + "bench/reference (checks the reference computes the same model)")
        Path exportReference;

        @Option(names = "--profile", paramLabel = "FILE",
                description = "also profile selfsup's loop for --steps more steps (PyTorch profiler, Chrome trace)")
        Path profile;

        @Override
        public Integer call() {
            check("--warmup", atLeast(warmup, 0));
            check("--steps", atLeast(steps, 1));
            check("--rounds", atLeast(rounds, 1));
            try (SelfSup selfsup = open(System.out, checkedThreads(threads))) {
                ValidatedRecipe validated = selfsup.validate(recipe, overrides);
                if (exportReference != null) {
                    ReferenceExport.write(validated, exportReference, System.out);
                    return 0;
                }
                Path file = json != null ? json : defaultOutput(validated, "bench");
                new Benchmark(validated, warmup, steps, rounds, System.out).optProfile(profile).run(file);
                System.out.println("bench: " + file.toAbsolutePath());
                return 0;
            }
        }
    }

    @Command(name = "soak", mixinStandardHelpOptions = true,
            description = {"Soak-test native memory: train the recipe (e.g. --set train.max_steps=20000), then serve "
                    + "its model from several threads for a while; reports the slope of resident and native memory "
                    + "(docs/reliability.md)."})
    static final class Soak extends RecipeOptions implements Callable<Integer> {
        @Option(names = "--serving-threads", defaultValue = "4", description = "threads embedding and predicting "
                + "with one model (default 4)")
        int servingThreads;

        @Option(names = "--serving-seconds", defaultValue = "300", description = "how long they run (default 300)")
        int servingSeconds;

        @Option(names = "--out", paramLabel = "FILE", description = "JSON output (default: <output>/soak/<name>.json)")
        Path json;

        @Option(names = "--threads", description = "native threads (default: the recipe's threads, else all cores)")
        int threads;

        @Override
        public Integer call() {
            check("--serving-threads", atLeast(servingThreads, 1));
            check("--serving-seconds", atLeast(servingSeconds, 1));
            try (SelfSup selfsup = open(System.out, checkedThreads(threads))) {
                ValidatedRecipe validated = selfsup.validate(recipe, overrides);
                Path file = json != null ? json : defaultOutput(validated, "soak");
                new dev.selfsup.bench.Soak(selfsup, validated, servingThreads,
                        Duration.ofSeconds(servingSeconds), System.out).run(file);
                System.out.println("soak: " + file.toAbsolutePath());
                return 0;
            }
        }
    }

    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = {"Embed files with a trained run's encoder: writes PREFIX.npy (float32, one row per "
                    + "file) and PREFIX.csv (file, then the vector)."})
    static final class Embed extends TrainedRunOptions implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "PREFIX", defaultValue = "embeddings",
                description = "output prefix (default: ${DEFAULT-VALUE})")
        String out;

        @Override
        public Integer call() throws java.io.IOException {
            int batch = checkedBatchSize();
            TextRecords.Records records = records();
            List<Path> files = records == null ? InputFiles.expand(inputs) : List.of();
            try (SelfSup selfsup = open(System.out, 0);
                 EmbeddingModel model = selfsup.openRun(run).embeddingModel(batch)) {
                float[][] vectors = records == null ? model.embedFiles(files) : model.embed(records.samples());
                List<String> names = records == null ? files.stream().map(Path::toString).toList() : records.names();
                EmbeddingWriter.write(Path.of(out), names, vectors);
                System.out.printf("embedded %d %s into %d-dimensional vectors: %s.npy, %s.csv%n", names.size(),
                        records == null ? "files" : "texts", model.dimension(), out, out);
                return 0;
            }
        }
    }

    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = {"Classify files with a trained run's encoder and one of the models its evaluation saved: prints "
                    + "file, label, its score and the runner-up classes."})
    static final class Predict extends TrainedRunOptions implements Callable<Integer> {
        @Option(names = "--probe", paramLabel = "NAME",
                description = "a saved model, e.g. logistic-pretrained-f1 or fine_tune-pretrained-f0.01 (default: "
                        + "logistic with the most labels)")
        String probe;

        @Option(names = "--labels", paramLabel = "NAMES", split = ",", description = "classify zero-shot among "
                + "these class names instead of with a probe (a run that aligned two modalities, one of them text), "
                + "e.g. --labels \"a cat,a dog\"")
        List<String> labels;

        @Option(names = "--template", paramLabel = "TEXT", description = "with --labels: a prompt template, {} "
                + "standing for the name (repeatable; the class is the mean of its prompts); default {}")
        List<String> templates;

        @Override
        public Integer call() throws java.io.IOException {
            int batch = checkedBatchSize();
            if (labels != null) {
                if (probe != null) {
                    throw new ParameterException(new CommandLine(this), "--labels and --probe exclude each other");
                }
                return zeroShot(batch);
            }
            TextRecords.Records records = records();
            List<Path> files = records == null ? InputFiles.expand(inputs) : List.of();
            List<String> names = records == null ? files.stream().map(Path::toString).toList() : records.names();
            try (SelfSup selfsup = open(System.out, 0);
                 Classifier classifier = selfsup.openRun(run).classifier(probe, batch)) {
                List<Prediction> predictions = records == null ? classifier.classifyFiles(files)
                        : classifier.classify(records.samples());
                System.out.println("probe: " + classifier.name());
                for (int i = 0; i < names.size(); i++) {
                    print(names.get(i), predictions.get(i));
                }
                return 0;
            }
        }

        /** One input's line: its name, its class, and the three best scores. */
        private static void print(String name, Prediction p) {
            StringBuilder line = new StringBuilder(name + "\t" + p.label());
            p.scores().entrySet().stream().limit(3).forEach(e -> line.append(String.format(java.util.Locale.ROOT,
                    "\t%s=%.4f", e.getKey(), e.getValue())));
            System.out.println(line);
        }

        /** Zero-shot classification of the input files with the run's aligned model. */
        private int zeroShot(int batch) throws java.io.IOException {
            List<String> names = labels.stream().map(String::strip).filter(label -> !label.isEmpty()).toList();
            if (names.isEmpty()) {
                throw new ParameterException(new CommandLine(this), "--labels needs at least one class name");
            }
            List<Path> files = InputFiles.expand(inputs);
            try (SelfSup selfsup = open(System.out, 0);
                 dev.selfsup.embed.TrainedTask trained = selfsup.openRun(run).openTask()) {
                dev.selfsup.api.CrossModalEmbedder model = trained.task()
                        .capability(dev.selfsup.api.CrossModalEmbedder.class)
                        .orElseThrow(() -> new ParameterException(new CommandLine(this), "--labels needs a run whose "
                                + "task embeds two modalities into one space (alignment); " + run + " trained '"
                                + trained.task().getClass().getSimpleName() + "'"));
                try (ZeroShotClassifier classifier = new ZeroShotClassifier(model, names,
                        templates == null ? List.of("{}") : templates, trained.manager())) {
                    dev.selfsup.api.Encoder reader = trained.task().encoders().get(classifier.sampleSide());
                    System.out.println("zero-shot among " + names.size() + " labels with the " + classifier.sampleSide()
                            + " side of " + run);
                    for (int from = 0; from < files.size(); from += batch) {
                        List<Path> chunk = files.subList(from, Math.min(files.size(), from + batch));
                        List<dev.selfsup.api.Sample> samples = new ArrayList<>();
                        for (Path file : chunk) {
                            samples.add(reader.readFile(file));
                        }
                        List<Prediction> predictions = classifier.classify(samples);
                        for (int i = 0; i < chunk.size(); i++) {
                            print(chunk.get(i).toString(), predictions.get(i));
                        }
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a recipe (keys, types, ranges, extension names) without running it.")
    static final class Validate extends RecipeOptions implements Callable<Integer> {
        @Option(names = "--print", description = "print the resolved recipe with all defaults")
        boolean print;

        @Override
        public Integer call() {
            try (SelfSup selfsup = open(System.out, 0)) {
                ValidatedRecipe validated = selfsup.validate(recipe, overrides);
                System.out.println(recipe + ": valid");
                if (print) {
                    System.out.print(dev.selfsup.recipe.RecipeWriter.toYaml(validated.settings()));
                }
                return 0;
            }
        }
    }

    @Command(name = "plugins", mixinStandardHelpOptions = true,
            description = "List plugins, their versions and their extensions by kind.")
    static final class Plugins extends Common implements Callable<Integer> {
        @Option(names = "--allow-list", description = "print an allow-list for the jars that loaded (PLUGIN_ID SHA256 "
                + "lines, for --plugin-allow-list) instead of the listing")
        boolean allowList;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            try (SelfSup selfsup = open(out, 0)) {
                if (allowList) {
                    out.print(selfsup.plugins().allowList());
                    return selfsup.plugins().failures().isEmpty() ? 0 : 1;
                }
                out.println("plugins folder: " + pluginsDirectory.toAbsolutePath());
                for (PluginInfo p : selfsup.plugins().plugins()) {
                    out.printf("plugin %s %s (%s): %s%n", p.id(), p.version(), p.jar(), p.description());
                }
                for (ExtensionKind kind : ExtensionKind.values()) {
                    out.println(kind.label() + "s:");
                    for (RegisteredExtension e : selfsup.plugins().registry().all()) {
                        if (e.kind() == kind) {
                            out.printf("  %-16s %-10s %s%n", e.name(), "[" + e.pluginId() + "]",
                                    e.extension().description());
                        }
                    }
                }
                return selfsup.plugins().failures().isEmpty() ? 0 : 1;
            }
        }
    }

    private SelfSupCommand() {
    }

    /**
     * Runs the CLI and returns its exit code (no {@code System.exit}, so it can be called in-process).
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(SelfSupCommand.class);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, commandLine.getErr(),
                commandLine.getCommand() instanceof Common common && common.verbose));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println(outOfMemoryMessage());
            return FAILED;
        }
    }

    /**
     * Prints a failure and returns the exit code: {@value #INPUT_ERROR} with a one-line message for known input
     * errors (recipe, data, plugins, checkpoints, files, a run folder in use), {@value #FAILED} with a one-line
     * message for an evaluation failure or a full heap, and {@value #FAILED} with the stack trace for anything
     * else, which is a defect or an environment failure.
     *
     * @param e the failure
     * @param err where to print
     * @param verbose whether to print every stack trace
     * @return the exit code
     */
    static int report(Exception e, java.io.PrintWriter err, boolean verbose) {
        if (verbose) {
            e.printStackTrace(err);
        }
        if (causedByOutOfMemory(e)) {
            err.println(outOfMemoryMessage());
            return FAILED;
        }
        boolean input = e instanceof RecipeException || e instanceof DataException
                || e instanceof UnknownExtensionException || e instanceof DuplicateExtensionException
                || e instanceof TrainingDivergedException || e instanceof CheckpointException
                || e instanceof IntegrityException || e instanceof RunFolderInUseException
                || e instanceof ConcurrentTrainingException
                || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                || e instanceof UnsupportedOperationException || e instanceof IllegalArgumentException;
        if (input || e instanceof EvaluationException) {
            err.println("error: " + ErrorText.withCauses(e));
            return input ? INPUT_ERROR : FAILED;
        }
        // not a known input error: a defect or an environment failure; the stack trace is what a report needs
        err.println("error: unexpected failure: " + ErrorText.withCauses(e));
        if (!verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    private static boolean causedByOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private static String outOfMemoryMessage() {
        return String.format(java.util.Locale.ROOT, "error: the Java heap is full (its limit is %,d MB). Give the "
                + "JVM more with SELFSUP_JAVA_OPTS=-Xmx<size> (e.g. -Xmx8g), or lower train.batch_size, "
                + "evaluate.batch_size or the data size", Runtime.getRuntime().maxMemory() >> 20);
    }

    /**
     * Entry point of the launcher.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--verbose")) {
            System.setProperty("org.slf4j.simpleLogger.log.org.pf4j", "debug"); // before the first logger
        }
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        DeviceSelection.configureOfflineEngine(); // the CLI owns its JVM
        System.exit(execute(args));
    }
}
