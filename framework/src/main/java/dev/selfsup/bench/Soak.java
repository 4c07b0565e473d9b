package dev.selfsup.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.SelfSup;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.data.AtomicFiles;
import dev.selfsup.embed.Classifier;
import dev.selfsup.embed.EmbeddingModel;
import dev.selfsup.embed.Prediction;
import dev.selfsup.embed.TrainedRun;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.run.RunResult;
import dev.selfsup.train.MemoryProbe;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A soak test of native memory: a long training run (the recipe as given, e.g. 20,000 steps), whose resident and
 * native memory the metrics log records every {@code log_every} steps, then several threads embedding and
 * classifying with the finished run's model for a while, memory sampled every second and every answer compared
 * with the single-threaded one. Reports the least-squares slope of each memory series after a warm-up (the first
 * fifth), in MB per 1,000 steps and MB per minute, so a leak shows as a slope instead of hiding in noise.
 */
public final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The share of each series left out as warm-up (allocator pools and caches filling). */
    static final double WARM_UP = 0.2;

    private final SelfSup selfsup;
    private final ValidatedRecipe recipe;
    private final int threads;
    private final Duration embedFor;
    private final PrintStream out;

    /**
     * Creates a soak test.
     *
     * @param selfsup the framework instance that trains and serves
     * @param recipe the recipe to train (its length is the training soak)
     * @param threads embedding and prediction threads sharing one model
     * @param embedFor how long they run
     * @param out where the summary goes
     */
    public Soak(SelfSup selfsup, ValidatedRecipe recipe, int threads, Duration embedFor, PrintStream out) {
        this.selfsup = selfsup;
        this.recipe = recipe;
        this.threads = threads;
        this.embedFor = embedFor;
        this.out = out;
    }

    /**
     * Runs both phases and writes the figures.
     *
     * @param json the JSON file to write
     * @return the figures
     */
    public Map<String, Object> run(Path json) {
        RunResult trained = selfsup.run(recipe);
        Path folder = trained.folder().root();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("run", folder.toString());
        figures.put("training", trainingMemory(folder.resolve("metrics.jsonl")));
        figures.put("serving", serve(folder));
        try {
            AtomicFiles.write(json, temp -> JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), figures));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return figures;
    }

    /** The memory series of the training log, with their slopes per 1,000 steps. */
    private Map<String, Object> trainingMemory(Path metrics) {
        List<double[]> rows = new ArrayList<>(); // step, rss, native
        try {
            for (String line : Files.readAllLines(metrics)) {
                JsonNode r = JSON.readTree(line);
                if (r.has("rss_mb") && r.has("native_mb")) {
                    rows.add(new double[] {r.get("step").asDouble(), r.get("rss_mb").asDouble(),
                            r.get("native_mb").asDouble()});
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metrics, e);
        }
        Map<String, Object> m = series(rows, 1000, "per_1000_steps");
        m.put("steps", rows.isEmpty() ? 0 : (long) rows.get(rows.size() - 1)[0]);
        out.printf("soak: training %s steps: RSS %s MB -> %s MB, slope %+.3f MB per 1,000 steps; native %+.3f MB "
                        + "per 1,000 steps (after the first %.0f%%)%n", m.get("steps"), m.get("rss_first_mb"),
                m.get("rss_last_mb"), m.get("rss_slope_mb_per_1000_steps"), m.get("native_slope_mb_per_1000_steps"),
                WARM_UP * 100);
        return m;
    }

    /** Threads embedding and classifying on one model; memory every second; answers checked. */
    private Map<String, Object> serve(Path folder) {
        TrainedRun run = selfsup.openRun(folder);
        SampleSource test = recipe.openData(folder).test();
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < Math.min(64, test.size()); i++) {
            batch.add(test.get(i));
        }
        MemoryProbe probe = new MemoryProbe(List.of());
        try (EmbeddingModel model = run.embeddingModel(32);
             Classifier classifier = run.probes().isEmpty() ? null : run.classifier(run.probes().get(0), 32)) {
            float[][] expected = model.embed(batch);
            List<String> expectedLabels = classifier == null ? List.of() : labels(classifier.classify(batch));
            AtomicLong calls = new AtomicLong();
            AtomicLong mismatches = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long deadline = System.nanoTime() + embedFor.toNanos();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean predicts = classifier != null && t % 2 == 1;
                Thread worker = new Thread(() -> {
                    try {
                        while (System.nanoTime() < deadline && failure.get() == null) {
                            boolean same = predicts ? labels(classifier.classify(batch)).equals(expectedLabels)
                                    : Arrays.deepEquals(model.embed(batch), expected);
                            if (!same) {
                                mismatches.incrementAndGet();
                            }
                            calls.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "soak-" + (predicts ? "predict-" : "embed-") + t);
                workers.add(worker);
                worker.start();
            }
            List<double[]> rows = new ArrayList<>(); // seconds, rss, native
            long start = System.nanoTime();
            while (workers.stream().anyMatch(Thread::isAlive)) {
                Map<String, Object> m = probe.measure();
                rows.add(new double[] {(System.nanoTime() - start) / 1e9, ((Number) m.get("rss_mb")).doubleValue(),
                        ((Number) m.get("native_mb")).doubleValue()});
                sleep(1000);
            }
            if (failure.get() != null) {
                throw new IllegalStateException("a soak thread failed: " + failure.get(), failure.get());
            }
            Map<String, Object> s = series(rows, 60, "per_minute");
            s.put("threads", threads);
            s.put("predicting_threads", classifier == null ? 0 : threads / 2);
            s.put("seconds", embedFor.toSeconds());
            s.put("calls", calls.get());
            s.put("samples_per_call", batch.size());
            s.put("answers_differing_from_single_thread", mismatches.get());
            out.printf("soak: %d threads (%d predicting) for %d s, %d calls of %d samples, %d answers differing from "
                            + "one thread's; RSS slope %+.3f MB/min, native %+.3f MB/min%n", threads,
                    s.get("predicting_threads"), embedFor.toSeconds(), calls.get(), batch.size(), mismatches.get(),
                    s.get("rss_slope_mb_per_minute"), s.get("native_slope_mb_per_minute"));
            return s;
        }
    }

    private static List<String> labels(List<Prediction> predictions) {
        return predictions.stream().map(Prediction::label).toList();
    }

    /**
     * First, last and peak values and the least-squares slopes of rss and native against x (scaled by
     * {@code per}), skipping the warm-up share of the rows.
     */
    static Map<String, Object> series(List<double[]> rows, double per, String unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (rows.isEmpty()) {
            return m;
        }
        List<double[]> kept = rows.subList((int) (rows.size() * WARM_UP), rows.size());
        m.put("rss_first_mb", rows.get(0)[1]);
        m.put("rss_last_mb", rows.get(rows.size() - 1)[1]);
        m.put("rss_peak_mb", rows.stream().mapToDouble(r -> r[1]).max().orElse(0));
        m.put("rss_slope_mb_" + unit, round(slope(kept, 1) * per));
        m.put("native_first_mb", rows.get(0)[2]);
        m.put("native_last_mb", rows.get(rows.size() - 1)[2]);
        m.put("native_slope_mb_" + unit, round(slope(kept, 2) * per));
        m.put("points", kept.size());
        return m;
    }

    /** The least-squares slope of column {@code y} against column 0. */
    static double slope(List<double[]> rows, int y) {
        if (rows.size() < 2) {
            return 0;
        }
        double mx = rows.stream().mapToDouble(r -> r[0]).average().orElse(0);
        double my = rows.stream().mapToDouble(r -> r[y]).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (double[] r : rows) {
            sxy += (r[0] - mx) * (r[y] - my);
            sxx += (r[0] - mx) * (r[0] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
