package dev.selfsup.vision;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run killed with SIGKILL at a random step, or stopped with SIGTERM, and then resumed with
 * {@code selfsup run --resume} ends with the encoder, model and optimizer state of an uninterrupted run,
 * byte for byte, and the same loss curve.
 */
class KillAndResumeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STEPS = 60;

    @TempDir
    static Path work;

    private static Path plugins;
    private static Path recipe;
    private static Path uninterrupted;

    @BeforeAll
    static void trainWithoutInterruption() throws Exception {
        plugins = SelfSupProcess.installPlugin(work);
        Path data = work.resolve("idx");
        SyntheticIdx.write(data, 1000, 100, 5);
        recipe = work.resolve("resume.yaml");
        Files.writeString(recipe, """
                name: resume
                seed: 3
                device: cpu
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 32, depth: 2, heads: 2}
                pretext: {task: mae, mask_ratio: 0.75, decoder: {dim: 32, depth: 1, heads: 2}}
                augment: [{type: random_shift, max_pixels: 2}]
                train:
                  max_steps: %d
                  batch_size: 64
                  log_every: 1
                  optimizer: {lr: 3.0e-3}
                  schedule: {warmup_steps: 5}
                  checkpoint: {every_steps: 4, keep: 3}
                evaluate: {enabled: false}
                """.formatted(data, STEPS));
        SelfSupProcess.Result result = SelfSupProcess.run(work, plugins, "run", recipe.toString(),
                "--set", "output=" + work.resolve("plain"));
        assertEquals(0, result.exitCode(), result.output());
        uninterrupted = runFolder("plain");
    }

    @Test
    void aRunKilledWithSigkillAtARandomStepResumesToTheIdenticalResult() throws Exception {
        long seed = System.nanoTime();
        int target = 6 + new Random(seed).nextInt(STEPS - 20);
        System.out.println("SIGKILL after step " + target + " (random seed " + seed + ")");
        Process process = startAndWaitForStep("killed", target);
        process.destroyForcibly();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        assertEquals(137, process.exitValue(), "killed by SIGKILL");
        Path run = runFolder("killed");
        assertFalse(Files.exists(run.resolve("checkpoints/step-0000" + STEPS)), "the kill came before the end");

        SelfSupProcess.Result resumed = SelfSupProcess.run(work, plugins, "run", "--resume", run.toString());
        assertEquals(0, resumed.exitCode(), resumed.output());
        assertTrue(resumed.output().contains("resume: newest usable checkpoint is step-0000"), resumed.output());
        assertIdenticalToUninterrupted(run);
    }

    @Test
    void sigtermStopsAfterTheCurrentStepWithACheckpointAndSaysHowToResume() throws Exception {
        int target = 13;
        Process process = startAndWaitForStep("stopped", target);
        process.destroy(); // SIGTERM
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        String output = Files.readString(work.resolve("stopped.log"));
        System.out.println(output);
        assertEquals(143, process.exitValue(), output);
        Path run = runFolder("stopped");
        assertTrue(output.contains("SIGTERM: stopping after the current step"), output);
        assertTrue(output.contains("pretraining stopped (SIGTERM) after step"), output);
        assertTrue(output.contains("resume with: selfsup run --resume " + run), output);
        long stoppedAt = Files.readAllLines(run.resolve("metrics.jsonl")).size();
        assertTrue(stoppedAt >= target && stoppedAt < STEPS, "stopped at " + stoppedAt);
        assertTrue(Files.exists(run.resolve(String.format("checkpoints/step-%06d/model.params", stoppedAt))),
                "a checkpoint of the last finished step");

        SelfSupProcess.Result resumed = SelfSupProcess.run(work, plugins, "run", "--resume", run.toString());
        assertEquals(0, resumed.exitCode(), resumed.output());
        assertTrue(resumed.output().contains(String.format("step-%06d", stoppedAt)), resumed.output());
        assertIdenticalToUninterrupted(run);
    }

    private static Process startAndWaitForStep(String name, int step) throws IOException, InterruptedException {
        Path log = work.resolve(name + ".log");
        Process process = SelfSupProcess.builder(work, plugins, "run", recipe.toString(),
                "--set", "output=" + work.resolve(name)).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline && process.isAlive()) {
            Path metrics = findMetrics(work.resolve(name));
            if (metrics != null && Files.readAllLines(metrics).size() >= step) {
                return process;
            }
            Thread.sleep(5);
        }
        process.destroyForcibly();
        throw new AssertionError("the run did not reach step " + step + ":\n" + Files.readString(log));
    }

    private static Path findMetrics(Path output) throws IOException {
        Path runs = output.resolve("resume");
        if (!Files.isDirectory(runs)) {
            return null;
        }
        try (Stream<Path> folders = Files.list(runs)) {
            return folders.map(f -> f.resolve("metrics.jsonl")).filter(Files::exists).findFirst().orElse(null);
        }
    }

    private static Path runFolder(String name) throws IOException {
        try (Stream<Path> folders = Files.list(work.resolve(name).resolve("resume"))) {
            List<Path> all = folders.toList();
            assertEquals(1, all.size(), "one run folder: " + all);
            return all.get(0);
        }
    }

    private static void assertIdenticalToUninterrupted(Path run) throws IOException {
        assertEquals(curve(uninterrupted), curve(run), "loss curve");
        String last = String.format("checkpoints/step-%06d/", STEPS);
        for (String file : List.of("encoder/encoder.params", last + "model.params", last + "optimizer.bin")) {
            assertArrayEquals(Files.readAllBytes(uninterrupted.resolve(file)), Files.readAllBytes(run.resolve(file)),
                    file + " differs from the uninterrupted run's");
        }
        assertTrue(Files.exists(run.resolve("plots/loss.png")));
    }

    /** Step, loss, learning rate and gradient norm of every record (timings and memory differ by nature). */
    private static List<String> curve(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(line -> {
            try {
                var r = JSON.readTree(line);
                return r.get("step") + " " + r.get("loss") + " " + r.get("lr") + " " + r.get("grad_norm");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
