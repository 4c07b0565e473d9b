package dev.selfsup;

import com.google.inject.AbstractModule;
import dev.selfsup.api.DataStore;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SourceLocation;
import dev.selfsup.data.PackageDataStore;
import dev.selfsup.embed.TrainedRun;
import dev.selfsup.device.DeviceSelection;
import dev.selfsup.plugin.PluginAllowList;
import dev.selfsup.plugin.PluginRuntime;
import dev.selfsup.recipe.RecipeLoader;
import dev.selfsup.recipe.RecipeSchema;
import dev.selfsup.recipe.RecipeValidator;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.run.RecipeRunner;
import dev.selfsup.store.RunFolder;
import dev.selfsup.run.RunResult;
import dev.selfsup.train.StopSignal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The framework facade, for the CLI and for applications that embed selfsup:
 * <pre>{@code
 * try (SelfSup selfsup = SelfSup.builder().optPluginsDirectory(Path.of("plugins")).build()) {
 *     RunResult result = selfsup.run(Path.of("recipes/mnist-mae.yaml"), List.of("train.max_steps=100"));
 * }
 * }</pre>
 * Instances hold no static state; close them to unload their plugins.
 *
 * <p><b>JVM-wide settings.</b> The facade changes no system property behind the host application's back. It sets
 * {@code ai.djl.pytorch.num_threads} only when given {@link Builder#optThreads} (or a recipe sets
 * {@code threads}), and {@code ai.djl.offline} / {@code OPT_OUT_TRACKING} only with
 * {@link Builder#optOfflineEngine}; the engine reads them once, when it starts. One JVM trains one model at a
 * time (DJL records gradients process-wide): a second concurrent training fails at once with a
 * {@link dev.selfsup.train.ConcurrentTrainingException}; embedding and prediction may run alongside.
 */
public final class SelfSup implements AutoCloseable {

    private final PluginRuntime runtime;
    private final Map<String, String> environment;
    private final PrintStream out;
    private final boolean terminal;
    private final List<Consumer<Map<String, Object>>> metricListeners;
    private final StopSignal stopSignal = new StopSignal();
    private final String device;
    private final Path dataDirectory;
    private final int threads;

    private SelfSup(Builder builder) {
        // JVM-wide settings only where the builder was asked for them (see the class documentation)
        if (builder.threads > 0) {
            DeviceSelection.configureThreads(builder.threads);
        }
        if (builder.offlineEngine) {
            DeviceSelection.configureOfflineEngine();
        }
        this.threads = builder.threads;
        this.environment = builder.environment;
        this.device = builder.device;
        this.dataDirectory = builder.dataDirectory;
        this.out = builder.out;
        this.terminal = builder.terminal;
        this.metricListeners = List.copyOf(builder.metricListeners);
        PluginRuntime.Builder plugins = PluginRuntime.builder()
                .optClasspathPlugins(builder.classpathPlugins)
                .addModule(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(DataStore.class).to(PackageDataStore.class);
                    }
                });
        if (builder.pluginsDirectory != null) {
            plugins.optPluginsDirectory(builder.pluginsDirectory);
        }
        if (builder.pluginAllowList != null) {
            plugins.optAllowList(PluginAllowList.read(builder.pluginAllowList));
        }
        this.runtime = plugins.build();
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the plugin runtime (loaded plugins, failures, extension registry).
     *
     * @return the runtime
     */
    public PluginRuntime plugins() {
        return runtime;
    }

    /**
     * Loads and validates a recipe file without running anything.
     *
     * @param recipe the file
     * @param overrides {@code a.b=value} overrides
     * @return the validated recipe
     * @throws dev.selfsup.api.RecipeException naming file, line and key of every problem
     */
    public ValidatedRecipe validate(Path recipe, List<String> overrides) {
        Settings loaded = withInstanceSettings(new RecipeLoader(environment).load(recipe, overrides), overrides);
        return new RecipeValidator(runtime.registry()).validate(loaded);
    }

    /**
     * Loads and validates a recipe given as YAML text ({@code extends:} is resolved against the working
     * folder).
     *
     * @param yaml the recipe
     * @param overrides {@code a.b=value} overrides
     * @return the validated recipe
     * @throws dev.selfsup.api.RecipeException naming line and key of every problem (the source is "recipe")
     */
    public ValidatedRecipe validateText(String yaml, List<String> overrides) {
        Settings loaded = withInstanceSettings(
                new RecipeLoader(environment).loadString(yaml, "recipe", Path.of(""), overrides), overrides);
        return new RecipeValidator(runtime.registry()).validate(loaded);
    }

    /** Applies this instance's device, data folder and threads, where set and not overridden by the caller. */
    private Settings withInstanceSettings(Settings recipe, List<String> overrides) {
        Settings result = recipe;
        if (threads > 0 && overrides.stream().noneMatch(o -> o.startsWith("threads="))) {
            result = result.with("threads", threads, SourceLocation.code());
        }
        if (device != null && overrides.stream().noneMatch(o -> o.startsWith("device="))) {
            result = result.with("device", device, SourceLocation.code());
        }
        if (dataDirectory != null && overrides.stream().noneMatch(o -> o.startsWith("data.root="))) {
            result = result.with("data.root", dataDirectory.toString(), SourceLocation.code());
        }
        return result;
    }

    /**
     * Validates a recipe built in code, e.g. from nested maps with {@link Settings#of}.
     *
     * @param recipe the recipe
     * @return the validated recipe
     * @throws dev.selfsup.api.RecipeException naming the key of every problem
     */
    public ValidatedRecipe validate(Settings recipe) {
        return new RecipeValidator(runtime.registry()).validate(withInstanceSettings(recipe, List.of()));
    }

    /**
     * Validates and runs a recipe file: pretraining, then evaluation.
     *
     * @param recipe the file
     * @param overrides {@code a.b=value} overrides
     * @return the run's results
     */
    public RunResult run(Path recipe, List<String> overrides) {
        return run(validate(recipe, overrides));
    }

    /**
     * Runs a validated recipe.
     *
     * @param recipe the recipe
     * @return the run's results
     */
    public RunResult run(ValidatedRecipe recipe) {
        try {
            return runner().run(recipe);
        } finally {
            stopSignal.clear(); // a request stops one run, not the next
        }
    }

    /**
     * Continues an interrupted run from the newest valid checkpoint in its folder, with the recipe recorded
     * there; a corrupt newest checkpoint is reported and the previous one used. The resumed run ends with
     * the weights an uninterrupted run would have.
     *
     * @param runFolder the run folder (holding {@code recipe.resolved.yaml} and {@code checkpoints/})
     * @return the run's results
     * @throws IllegalArgumentException if the folder is not a run folder
     */
    public RunResult resume(Path runFolder) {
        RunFolder folder = RunFolder.open(runFolder);
        try {
            return runner().resume(validate(folder.resolvedRecipe(), List.of()), folder);
        } finally {
            stopSignal.clear(); // a request stops one run, not the next
        }
    }

    /**
     * Evaluates (again) a run whose pretraining is complete: with the evaluation settings recorded in its
     * folder, changed by {@code evaluate.*} overrides (other keys would change what was pretrained and are
     * refused). The run's {@code eval} folder is replaced once the new evaluation has succeeded.
     *
     * @param runFolder the run folder
     * @param overrides {@code evaluate.key=value} overrides, e.g. {@code evaluate.probes=[{type: knn, k: 5}]}
     * @return the run's results, with the new report
     * @throws IllegalArgumentException if the folder's pretraining is not complete, or an override is not
     *     an {@code evaluate} key
     */
    public RunResult evaluate(Path runFolder, List<String> overrides) {
        RunFolder folder = RunFolder.open(runFolder);
        for (String override : overrides) {
            if (!override.startsWith("evaluate.")) {
                throw new IllegalArgumentException("evaluate takes only evaluate.* overrides; '" + override
                        + "' would change what was pretrained (train a new run for that)");
            }
        }
        try {
            return runner().evaluate(validate(folder.resolvedRecipe(), overrides), folder);
        } finally {
            stopSignal.clear();
        }
    }

    /**
     * Opens a finished run folder for embedding, with its encoder rebuilt by this instance's plugins, on this
     * instance's device ({@link Builder#optDevice}, else the first GPU if any, else the CPU).
     *
     * @param runFolder the run folder
     * @return the trained run
     * @throws IllegalArgumentException if the folder holds no trained encoder
     */
    public TrainedRun openRun(Path runFolder) {
        return TrainedRun.open(runFolder, runtime.registry(),
                DeviceSelection.resolveAll(device != null ? device : "auto").get(0));
    }

    /**
     * Asks the run in progress to stop at the next step boundary: it writes a checkpoint and returns a
     * result whose training summary says it stopped, so it can be resumed. Safe to call from any thread.
     *
     * @param reason why, for the message
     */
    public void requestStop(String reason) {
        stopSignal.request(reason);
    }

    private RecipeRunner runner() {
        return new RecipeRunner(runtime.plugins(), runtime.registry(), out, terminal, metricListeners, stopSignal);
    }

    @Override
    public void close() {
        runtime.close();
    }

    /** Builds a {@link SelfSup}. */
    public static final class Builder {
        private Path pluginsDirectory;
        private Path pluginAllowList;
        private boolean classpathPlugins = true;
        private boolean offlineEngine;
        private int threads;
        private Map<String, String> environment = System.getenv();
        private String device;
        private Path dataDirectory;
        private PrintStream out = new PrintStream(OutputStream.nullOutputStream());
        private boolean terminal;
        private final List<Consumer<Map<String, Object>>> metricListeners = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets a folder of plugin jars to load (none by default).
         *
         * @param directory the folder
         * @return this builder
         */
        public Builder optPluginsDirectory(Path directory) {
            this.pluginsDirectory = directory;
            return this;
        }

        /**
         * Sets the plugin allow-list file (lines {@code PLUGIN_ID SHA256}, see {@link PluginAllowList}): the
         * plugins folder's other jars are refused before their code runs (default: no allow-list).
         *
         * @param file the allow-list
         * @return this builder
         */
        public Builder optPluginAllowList(Path file) {
            this.pluginAllowList = file;
            return this;
        }

        /**
         * Sets whether plugins on the class path are used (default true).
         *
         * @param enabled true to use them
         * @return this builder
         */
        public Builder optClasspathPlugins(boolean enabled) {
            this.classpathPlugins = enabled;
            return this;
        }

        /**
         * Makes DJL work offline: sets the JVM-wide system properties {@code ai.djl.offline=true} and
         * {@code OPT_OUT_TRACKING=true} when the instance is built (default: not set; set them yourself, e.g.
         * {@code -Dai.djl.offline=true}, or call this). The framework never needs the network at run time.
         *
         * @param enabled true to set them
         * @return this builder
         */
        public Builder optOfflineEngine(boolean enabled) {
            this.offlineEngine = enabled;
            return this;
        }

        /**
         * Sets the native thread count of every run of this instance, overriding recipes' {@code threads}
         * (0, the default: the recipe's, else all cores). It obeys the recipe key's rule, and is capped at the
         * machine's cores. A positive count sets the JVM-wide system property {@code ai.djl.pytorch.num_threads}
         * (and {@code ai.djl.pytorch.num_interop_threads=1} unless set), which the engine reads once when it
         * starts: it takes effect if the engine has not started yet.
         *
         * @param count threads
         * @return this builder
         * @throws IllegalArgumentException if the count breaks the rule of the recipe's {@code threads}
         */
        public Builder optThreads(int count) {
            String problem = RecipeSchema.TOP.checkValue("threads", count);
            if (!problem.isEmpty()) {
                throw new IllegalArgumentException("threads " + problem);
            }
            this.threads = count;
            return this;
        }

        /**
         * Sets the device of every recipe this instance runs, overriding the recipe's {@code device}
         * ({@code auto}, {@code cpu}, {@code gpu:N} or {@code gpu:N,M}); an override given to a run still wins.
         *
         * @param spec the device
         * @return this builder
         */
        public Builder optDevice(String spec) {
            this.device = spec;
            return this;
        }

        /**
         * Sets the folder where data sets are fetched and cached, overriding recipes' {@code data.root}.
         *
         * @param directory the data folder
         * @return this builder
         */
        public Builder optDataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /**
         * Sets the environment used for {@code ${VAR:-default}} in recipes (default: the process environment).
         *
         * @param env the variables
         * @return this builder
         */
        public Builder optEnvironment(Map<String, String> env) {
            this.environment = Map.copyOf(env);
            return this;
        }

        /**
         * Sets where progress and results are printed (default: nowhere).
         *
         * @param stream the stream
         * @param isTerminal whether it is an interactive terminal (progress redraws one line)
         * @return this builder
         */
        public Builder optOutput(PrintStream stream, boolean isTerminal) {
            this.out = stream;
            this.terminal = isTerminal;
            return this;
        }

        /**
         * Adds a listener for every metrics record of every run.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder addMetricsListener(Consumer<Map<String, Object>> listener) {
            metricListeners.add(listener);
            return this;
        }

        /**
         * Loads the plugins.
         *
         * @return the instance
         */
        public SelfSup build() {
            return new SelfSup(this);
        }
    }
}
