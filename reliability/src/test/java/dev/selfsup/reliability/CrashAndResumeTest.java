package dev.selfsup.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.SelfSup;
import dev.selfsup.fault.Failpoints;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults in the middle of a run (a full disk while a checkpoint or the encoder is written, an exception inside the
 * pretext task, a NaN gradient, SIGKILL half-way through a checkpoint, a metrics listener that throws): the run
 * stops with a message saying what happened, or carries on; its folder stays consistent; and {@code resume} ends
 * byte for byte where an uninterrupted run ends, so no checkpointed work is lost.
 */
class CrashAndResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Path plugins;
    private static Path recipe;
    private static SelfSup selfsup;
    private static Path uninterrupted;

    @BeforeAll
    static void trainWithoutFaults() throws IOException {
        plugins = work.resolve("plugins");
        Installation.copyPluginsTo(plugins);
        recipe = TinyRuns.recipe(work);
        selfsup = Installation.framework(plugins).build();
        selfsup.run(selfsup.validate(recipe, List.of("output=" + work.resolve("plain"))));
        uninterrupted = TinyRuns.runFolder(work.resolve("plain"));
    }

    @AfterAll
    static void close() {
        if (selfsup != null) {
            selfsup.close();
        }
    }

    @AfterEach
    void disarm() {
        System.clearProperty(Failpoints.PROPERTY);
    }

    @Test
    void aFullDiskDuringACheckpointStopsTheRunAndResumeLosesNothing() throws IOException {
        Path run = failingRun("disk-full-checkpoint", "checkpoint.write=enospc@16", "No space left on device");
        assertEquals(List.of("step-000008"), checkpoints(run), "the half-written checkpoint is gone");
        resumeAndCompare(run, "checkpoints");
    }

    @Test
    void aFullDiskWhileTheEncoderIsWrittenLeavesItIncompleteAndResumeWritesIt() throws IOException {
        Path run = failingRun("disk-full-encoder", "encoder.write=enospc", "No space left on device");
        assertFalse(Files.exists(run.resolve("encoder/manifest.json")), "an incomplete encoder has no manifest");
        resumeAndCompare(run, "encoder writes");
        assertTrue(Files.exists(run.resolve("encoder/manifest.json")), "resume completed the encoder");
    }

    @Test
    void anExceptionInsideThePretextTaskStopsTheRunAndResumeLosesNothing() throws IOException {
        Path run = failingRun("task-throws", "pretext.step=throw@21", "simulated failure at failpoint pretext.step");
        resumeAndCompare(run, "task exceptions");
    }

    @Test
    void aNanGradientStopsTheRunBeforeAnyUpdateAndResumeLosesNothing() throws IOException {
        Path run = failingRun("nan-gradient", "gradient=nan@27", "gradient");
        assertEquals(List.of("step-000008", "step-000016", "step-000024"), checkpoints(run),
                "no checkpoint holds the poisoned step");
        resumeAndCompare(run, "NaN gradients");
    }

    @Test
    void aRunKeepingItsBestModelOnValidationDataChoosesTheSameModelAfterACrash() throws IOException {
        List<String> keepBest = List.of("train.held_out={every_steps: 4, batches: 1, split: validation, "
                + "validation_fraction: 0.1, keep_best: true}");
        List<String> plain = new ArrayList<>(keepBest);
        plain.add("output=" + work.resolve("best-plain"));
        selfsup.run(selfsup.validate(recipe, plain));
        Path reference = TinyRuns.runFolder(work.resolve("best-plain"));
        System.setProperty(Failpoints.PROPERTY, "pretext.step=throw@21");
        Ledger.fault("task exceptions");
        List<String> crashing = new ArrayList<>(keepBest);
        crashing.add("output=" + work.resolve("best-crash"));
        assertThrows(RuntimeException.class, () -> selfsup.run(selfsup.validate(recipe, crashing)));
        System.clearProperty(Failpoints.PROPERTY);
        Path run = TinyRuns.runFolder(work.resolve("best-crash"));
        selfsup.resume(run);
        Ledger.resumed("task exceptions");
        assertArrayEquals(Files.readAllBytes(reference.resolve("encoder/encoder.params")),
                Files.readAllBytes(run.resolve("encoder/encoder.params")), "the same kept model");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(reference.resolve("encoder/encoder.params")),
                Files.readAllBytes(uninterrupted.resolve("encoder/encoder.params"))),
                "with a tenth of the data held out and the best model kept, the encoder differs from the plain run's");
        Ledger.dataLost("task exceptions", 0);
    }

    @Test
    void aMetricsListenerThatThrowsIsDroppedAndTrainingGoesOn() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        Ledger.fault("metrics listeners");
        try (SelfSup withListener = Installation.framework(plugins)
                .addMetricsListener(record -> {
                    if (calls.incrementAndGet() == 3) {
                        throw new IllegalStateException("a dashboard that broke");
                    }
                }).build()) {
            withListener.run(withListener.validate(recipe, List.of("output=" + work.resolve("listener"))));
        }
        assertEquals(3, calls.get(), "dropped after it threw");
        assertSameAsUninterrupted(TinyRuns.runFolder(work.resolve("listener")));
        Ledger.dataLost("metrics listeners", 0);
    }

    @Test
    void sigkillHalfWayThroughACheckpointLeavesTheLastGoodOneAndResumeLosesNothing() throws Exception {
        Path output = work.resolve("sigkill");
        Path log = work.resolve("sigkill.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-D" + Failpoints.PROPERTY + "=checkpoint.write=pause@24",
                "-cp", System.getProperty("java.class.path"), "dev.selfsup.cli.SelfSupCommand", "run",
                recipe.toString(), "--set", "output=" + output, "--plugins", plugins.toString(),
                "--no-classpath-plugins"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Ledger.fault("checkpoints");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!Files.readString(log, StandardCharsets.ISO_8859_1).contains("failpoint checkpoint.write paused")) {
            assertTrue(process.isAlive() && System.nanoTime() < deadline, "never paused:\n" + Files.readString(log));
            Thread.sleep(20);
        }
        process.destroyForcibly();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        Path run = TinyRuns.runFolder(output);
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().equals(".step-000024.tmp")),
                    "the kill came half-way through writing step 24");
        }
        resumeAndCompare(run, "checkpoints");
    }

    /** Runs the tiny recipe with a failpoint armed; the run must fail with {@code message}. */
    private static Path failingRun(String name, String failpoint, String message) throws IOException {
        System.setProperty(Failpoints.PROPERTY, failpoint);
        Ledger.fault(name.startsWith("disk-full") ? "full disks" : name.equals("task-throws") ? "task exceptions"
                : "NaN gradients");
        Throwable error = assertThrows(RuntimeException.class,
                () -> selfsup.run(selfsup.validate(recipe, List.of("output=" + work.resolve(name)))));
        System.clearProperty(Failpoints.PROPERTY);
        assertTrue(Failures.chain(error).contains(message), Failures.chain(error));
        return TinyRuns.runFolder(work.resolve(name));
    }

    private static void resumeAndCompare(Path run, String category) throws IOException {
        selfsup.resume(run);
        Ledger.resumed(category);
        assertSameAsUninterrupted(run);
        Ledger.dataLost(category, 0);
    }

    private static List<String> checkpoints(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve("checkpoints"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertSameAsUninterrupted(Path run) throws IOException {
        assertEquals(curve(uninterrupted), curve(run), "loss curve");
        String last = String.format("checkpoints/step-%06d/", TinyRuns.STEPS);
        for (String file : List.of("encoder/encoder.params", last + "model.params",
                last + "optimizer.bin")) {
            assertArrayEquals(Files.readAllBytes(uninterrupted.resolve(file)), Files.readAllBytes(run.resolve(file)),
                    file + " differs from the uninterrupted run's");
        }
    }

    /** Step, loss, learning rate and gradient norm of every record. */
    private static List<String> curve(Path run) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            var r = JSON.readTree(line);
            out.add(r.get("step") + " " + r.get("loss") + " " + r.get("lr") + " " + r.get("grad_norm"));
        }
        return out;
    }
}
