package dev.selfsup.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.Sample;
import dev.selfsup.api.TokenSequenceEncoder;
import dev.selfsup.embed.EmbeddingModel;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Settings;
import dev.selfsup.device.DeviceSelection;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.run.EncoderPreparations;
import dev.selfsup.train.Checkpoints;
import dev.selfsup.train.DataLoading;
import dev.selfsup.train.MemoryProbe;
import dev.selfsup.train.MetricsSink;
import dev.selfsup.train.PretrainingLoop;
import dev.selfsup.train.StepTimings;
import dev.selfsup.train.TrainingPlan;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code selfsup bench}: builds a recipe's model and data as a run would, then alternates rounds of the
 * framework's {@link PretrainingLoop} and a {@link PlainDjlLoop} over the same model, after warm-up. Reports
 * median step times and their spread, samples/s, the framework's per-phase breakdown, counted FLOPs per
 * step, achieved GFLOP/s against a GEMM ceiling measured in the same process, the framework-over-plain
 * ratio per round, and memory.
 */
public final class Benchmark {

    private static final int EMBEDDING_SAMPLES = 3000;
    private static final int EMBEDDING_PASSES = 5;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ValidatedRecipe recipe;
    private final int warmup;
    private final int steps;
    private final int rounds;
    private final PrintStream out;
    private Path profile;

    /**
     * Creates a benchmark.
     *
     * @param recipe the validated recipe (model, data, batch size, optimizer, augmentations)
     * @param warmup unmeasured steps before the first round (of each loop)
     * @param steps measured steps per loop per round
     * @param rounds alternating rounds
     * @param out where progress and the summary are printed
     */
    public Benchmark(ValidatedRecipe recipe, int warmup, int steps, int rounds, PrintStream out) {
        this.recipe = recipe;
        this.warmup = warmup;
        this.steps = steps;
        this.rounds = rounds;
        this.out = out;
    }

    /**
     * Asks for an operator-level profile: after the measured rounds, {@code steps} more steps of selfsup's loop
     * run under the PyTorch profiler, written as a Chrome trace (open it in {@code chrome://tracing} or summarise
     * it with {@code bench/profile_summary.py}). The profiled steps are not part of the figures.
     *
     * @param traceFile where the trace goes
     * @return this benchmark
     */
    public Benchmark optProfile(Path traceFile) {
        this.profile = traceFile;
        return this;
    }

    /**
     * Runs the benchmark and writes {@code bench.json}.
     *
     * @param jsonFile where the figures go
     * @return the figures
     */
    public Map<String, Object> run(Path jsonFile) {
        Settings settings = recipe.settings();
        long seed = settings.getLong("seed");
        if (settings.getInt("threads") > 0) {
            DeviceSelection.configureThreads(settings.getInt("threads")); // effective if the engine is not started
        }
        Path scratch = createScratch(jsonFile);
        try {
            DatasetSplits splits = recipe.openData(scratch);
            List<Device> devices = DeviceSelection.resolveAll(settings.getString("device"));
            TrainingPlan plan = TrainingPlan.from(recipe.section("train"));
            int batch = Math.min(plan.batchSize(), splits.train().size());
            List<List<Augmentation>> views = recipe.createViews();
            DataLoading loading = DataLoading.from(recipe.section("train"));
            try (NDManager manager = NDManager.newBaseManager(devices.get(0))) {
                double gemmBefore = GemmCeiling.measure(manager, 1024, 10);
                Map<String, Path> prepared = EncoderPreparations.prepare(recipe, scratch.resolve("prepared")::resolve,
                        splits.train(), out);
                PretextTask task = recipe.buildTask(prepared, manager, batch, seed);
                long flopsPerStep = batch * dev.selfsup.nn.Flops.training(task.forwardFlopsPerSample());

                List<Double> framework = new ArrayList<>();
                List<Double> plain = new ArrayList<>();
                List<StepTimings.Phases> phases = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                PlainDjlLoop plainLoop = new PlainDjlLoop(task, splits.train(), plan, manager, views.size());
                frameworkSteps(task, splits, plan, manager, devices, views, loading, seed, scratch, warmup, null);
                plainLoop.run(warmup, seed);
                for (int round = 0; round < rounds; round++) {
                    // alternate which loop goes first; one extra step each, dropped: the loop's last step also
                    // writes the checkpoint and the metrics record
                    List<StepTimings.Phases> roundPhases = new ArrayList<>();
                    List<Double> p = round % 2 == 1 ? plainLoop.run(steps + 1, seed + round + 1) : null;
                    frameworkSteps(task, splits, plan, manager, devices, views, loading, seed + round + 1, scratch,
                            steps + 1, roundPhases);
                    if (p == null) {
                        p = plainLoop.run(steps + 1, seed + round + 1);
                    }
                    roundPhases = roundPhases.subList(0, steps);
                    p = p.subList(0, steps);
                    List<Double> f = roundPhases.stream().map(x -> x.totalNanos() / 1e6).toList();
                    framework.addAll(f);
                    plain.addAll(p);
                    phases.addAll(roundPhases);
                    double ratio = Stats.median(f) / Stats.median(p);
                    ratios.add(ratio);
                    out.printf("round %d: selfsup %.1f ms/step, plain DJL %.1f ms/step, ratio %.3f%n", round + 1,
                            Stats.median(f), Stats.median(p), ratio);
                }
                double embeddingPerSecond = embeddingThroughput(task, splits, batch, manager);
                out.printf("embedding: %.0f samples/s (median of 5 passes; frozen features, evaluate.batch_size %d, no autograd), "
                        + "%.2fx the training step's %.0f samples/s%n", embeddingPerSecond,
                        recipe.section("evaluate").getInt("batch_size"), embeddingPerSecond
                                / (batch * 1000.0 / Stats.median(framework)), batch * 1000.0 / Stats.median(framework));
                Encoder evaluated = dev.selfsup.run.RecipeRunner.primaryEncoder(recipe, task);
                double[] tokenRates = evaluated.capability(TokenSequenceEncoder.class)
                        .map(text -> tokenThroughput(text, splits)).orElse(null);
                if (tokenRates != null) {
                    double trainingTokens = tokenRates[1] * batch * 1000.0 / Stats.median(framework);
                    out.printf("text: tokenizer %.0f tokens/s (median of 5 passes, special tokens included, "
                            + "truncated to the encoder's length); training %.0f tokens/s (%.1f tokens a sample)%n",
                            tokenRates[0], trainingTokens, tokenRates[1]);
                }
                if (profile != null) {
                    profile(() -> frameworkSteps(task, splits, plan, manager, devices, views, loading, seed, scratch,
                            steps, null));
                }
                double gemm = Math.max(gemmBefore, GemmCeiling.measure(manager, 1024, 10));
                out.printf("GEMM ceiling: %.1f GFLOP/s (best 1024^3 float32 multiply before and after, %s threads)%n",
                        gemm, System.getProperty("ai.djl.pytorch.num_threads"));
                Map<String, Object> result = figures(settings, devices, batch, task, flopsPerStep, gemm, framework,
                        plain, phases, ratios);
                result.put("embedding_samples_per_s", round(embeddingPerSecond));
                if (tokenRates != null) {
                    result.put("tokenizer_tokens_per_s", round(tokenRates[0]));
                    result.put("training_tokens_per_s", round(tokenRates[1] * batch * 1000.0 / Stats.median(framework)));
                    result.put("tokens_per_sample", round(tokenRates[1]));
                }
                Files.createDirectories(jsonFile.toAbsolutePath().getParent());
                JSON.writeValue(jsonFile.toFile(), result);
                return result;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + jsonFile, e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    /**
     * Embeds up to {@value #EMBEDDING_SAMPLES} training samples {@value #EMBEDDING_PASSES} times with the task's
     * evaluation encoder as the evaluation does (the recipe's head and {@code evaluate.batch_size}), after one
     * warm-up batch; the median samples per second.
     */
    private double embeddingThroughput(PretextTask task, DatasetSplits splits, int batch, NDManager manager) {
        Encoder encoder = dev.selfsup.run.RecipeRunner.primaryEncoder(recipe, task);
        DownstreamHead head = recipe.head().create(recipe.section("evaluate").getSection("head"));
        int embedBatch = recipe.section("evaluate").getInt("batch_size");
        int count = Math.min(EMBEDDING_SAMPLES, splits.train().size());
        EmbeddingModel.embed(encoder, head, manager, embedBatch, Math.min(embedBatch, count), splits.train()::get);
        List<Double> rates = new ArrayList<>();
        for (int pass = 0; pass < EMBEDDING_PASSES; pass++) {
            long start = System.nanoTime();
            EmbeddingModel.embed(encoder, head, manager, embedBatch, count, splits.train()::get);
            rates.add(count / ((System.nanoTime() - start) / 1e9));
        }
        return Stats.median(rates);
    }

    /**
     * Tokenizes up to {@value #EMBEDDING_SAMPLES} training texts {@value #EMBEDDING_PASSES} times, as the encoder's
     * collation does; returns the median tokens per second and the mean tokens per text.
     */
    private static double[] tokenThroughput(TokenSequenceEncoder encoder, DatasetSplits splits) {
        int count = Math.min(EMBEDDING_SAMPLES, splits.train().size());
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(splits.train().get(i).get(Sample.TEXT, String.class));
        }
        long tokens = 0;
        List<Double> rates = new ArrayList<>();
        for (int pass = 0; pass <= EMBEDDING_PASSES; pass++) { // the first pass warms up
            long start = System.nanoTime();
            tokens = java.util.Arrays.stream(encoder.lengths(texts)).asLongStream().sum();
            if (pass > 0) {
                rates.add(tokens / ((System.nanoTime() - start) / 1e9));
            }
        }
        return new double[] {Stats.median(rates), (double) tokens / count};
    }

    private interface Steps {
        void run() throws IOException;
    }

    private void profile(Steps steps) throws IOException {
        if (!"PyTorch".equals(ai.djl.engine.Engine.getInstance().getEngineName())) {
            out.println("profile: only the PyTorch engine has a profiler; skipped");
            return;
        }
        Files.createDirectories(profile.toAbsolutePath().getParent());
        ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
        try {
            steps.run();
        } finally {
            ai.djl.pytorch.jni.JniUtils.stopProfile(profile.toAbsolutePath().toString());
        }
        out.println("profile: " + profile.toAbsolutePath());
    }

    private void frameworkSteps(PretextTask task, DatasetSplits splits, TrainingPlan plan, NDManager manager,
                                List<Device> devices, List<List<Augmentation>> views, DataLoading loading,
                                long seed, Path scratch,
                                int count, List<StepTimings.Phases> into) throws IOException {
        if (count == 0) {
            return;
        }
        Path folder = Files.createTempDirectory(scratch, "loop");
        try (MetricsSink metrics = new MetricsSink(folder.resolve("metrics.jsonl"))) {
            PretrainingLoop.builder().setTask(task).setData(splits.train()).setPlan(plan.forSteps(count))
                    .setManager(manager).setSeed(seed).setMetrics(metrics)
                    .setCheckpoints(new Checkpoints(folder.resolve("checkpoints"), 1)).optDevices(devices)
                    .optViews(views).optDataLoading(loading)
                    .optStepTimings(into == null ? null : (step, p) -> into.add(p)).build().run();
        }
    }

    private Map<String, Object> figures(Settings settings, List<Device> devices, int batch, PretextTask task,
                                        long flopsPerStep, double gemm, List<Double> framework, List<Double> plain,
                                        List<StepTimings.Phases> phases, List<Double> ratios) {
        double median = Stats.median(framework);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("recipe", settings.getString("name"));
        r.put("date", Instant.now().toString());
        r.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        r.put("devices", devices.stream().map(Device::toString).toList());
        r.put("threads", System.getProperty("ai.djl.pytorch.num_threads"));
        r.put("cores", Runtime.getRuntime().availableProcessors());
        r.put("batch_size", batch);
        r.put("warmup_steps", warmup);
        r.put("measured_steps_per_round", steps);
        r.put("rounds", rounds);
        r.put("step_ms_median", round(median));
        r.put("step_ms_p10", round(Stats.quantile(framework, 0.1)));
        r.put("step_ms_p90", round(Stats.quantile(framework, 0.9)));
        r.put("samples_per_s", round(batch * 1000.0 / median));
        Map<String, Object> breakdown = new LinkedHashMap<>();
        breakdown.put("data_wait", phase(phases, StepTimings.Phases::dataNanos));
        breakdown.put("forward", phase(phases, StepTimings.Phases::forwardNanos));
        breakdown.put("backward", phase(phases, StepTimings.Phases::backwardNanos));
        breakdown.put("optimizer", phase(phases, StepTimings.Phases::optimizerNanos));
        r.put("phase_ms_median", breakdown);
        r.put("data_wait_pct", round(100.0 * (Double) breakdown.get("data_wait") / median));
        r.put("plain_djl_step_ms_median", round(Stats.median(plain)));
        r.put("framework_over_plain_ratio_per_round", ratios.stream().map(Benchmark::round).toList());
        r.put("framework_over_plain_ratio_median", round(Stats.median(ratios)));
        r.put("model_forward_flops_per_sample", task.forwardFlopsPerSample());
        r.put("model_flops_per_step", flopsPerStep);
        double achieved = flopsPerStep / (median / 1000.0) / 1e9;
        r.put("achieved_gflops", round(achieved));
        r.put("gemm_ceiling_gflops", round(gemm));
        r.put("fraction_of_gemm_ceiling", flopsPerStep == 0 ? null : round(achieved / gemm));
        r.put("peak_rss_mb", round(MemoryProbe.peakResidentMemoryMb()));
        r.putAll(new MemoryProbe(devices).measure());
        out.printf("selfsup step: median %.1f ms (p10 %.1f, p90 %.1f), %.0f samples/s; data %.1f, forward %.1f, "
                        + "backward %.1f, optimizer %.1f ms%n", median, r.get("step_ms_p10"), r.get("step_ms_p90"),
                r.get("samples_per_s"), breakdown.get("data_wait"), breakdown.get("forward"),
                breakdown.get("backward"), breakdown.get("optimizer"));
        out.printf("plain DJL step: median %.1f ms; selfsup/plain ratio median %.3f over %d rounds%n",
                Stats.median(plain), Stats.median(ratios), rounds);
        out.printf("model: %.2f GFLOP per step, achieved %.1f GFLOP/s = %.0f%% of the GEMM ceiling (%.1f GFLOP/s)%n",
                flopsPerStep / 1e9, achieved, 100 * achieved / gemm, gemm);
        out.printf("memory: peak RSS %.0f MB, native %.0f MB%n", r.get("peak_rss_mb"), r.get("native_mb"));
        return r;
    }

    private static double phase(List<StepTimings.Phases> phases, java.util.function.ToLongFunction<StepTimings.Phases> f) {
        return round(Stats.median(phases.stream().map(p -> f.applyAsLong(p) / 1e6).toList()));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static Path createScratch(Path jsonFile) {
        try {
            Path parent = Files.createDirectories(jsonFile.toAbsolutePath().getParent());
            return Files.createTempDirectory(parent, ".bench-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder beside " + jsonFile, e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a leftover scratch folder is harmless
        }
    }
}
