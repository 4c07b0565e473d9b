package dev.selfsup.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.data.FileManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Regression tests for the defects a hostile user found in the command line (issue 9): each call is the CLI
 * in its own JVM, through the packaged plugin jar, on copies of one small finished run.
 */
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Path plugins;
    private static Path data;
    private static Path recipe;
    private static Path finished;
    private static String firstOutput;
    private static List<Path> images;

    @BeforeAll
    static void trainOneSmallRun() throws Exception {
        plugins = SelfSupProcess.installPlugin(work);
        data = work.resolve("idx");
        SyntheticIdx.write(data, 1000, 200, 21);
        recipe = recipe("hostile", data, "evaluate: {label_fractions: [0.01, 1.0], baselines: [raw]}");
        SelfSupProcess.Result result = cli("run", recipe.toString());
        assertEquals(0, result.exitCode(), result.output());
        firstOutput = result.output();
        try (Stream<Path> runs = Files.list(work.resolve("runs/hostile"))) {
            finished = runs.findFirst().orElseThrow();
        }
        images = SyntheticIdx.writePngs(work.resolve("images"), 2);
    }

    private static Path recipe(String name, Path dataFolder, String evaluate) throws IOException {
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                seed: 5
                device: cpu
                output: %s
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 32, depth: 1, heads: 2}
                pretext: {task: mae, decoder: {dim: 32, depth: 1, heads: 2}}
                train: {max_steps: 12, batch_size: 64, log_every: 4, checkpoint: {every_steps: 4, keep: 2}}
                %s
                """.formatted(name, work.resolve("runs"), dataFolder, evaluate));
        return file;
    }

    private static SelfSupProcess.Result cli(String... args) throws Exception {
        return SelfSupProcess.run(work, plugins, args);
    }

    /** A copy of the finished run, to damage. */
    private static Path copyOfFinishedRun(String name) throws IOException {
        Path copy = work.resolve("copies").resolve(name);
        try (Stream<Path> walk = Files.walk(finished)) {
            for (Path p : walk.toList()) {
                Path target = copy.resolve(finished.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    private static void deleteTree(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void assertNoStackTrace(SelfSupProcess.Result result) {
        assertFalse(result.output().contains("\tat "), "a stack trace instead of a message:\n" + result.output());
    }

    private static JsonNode metadata(Path run) throws IOException {
        return JSON.readTree(run.resolve("eval/report.json").toFile()).get("metadata");
    }

    // 1. --threads is checked with the recipe's rule and capped at the cores
    @Test
    void threadsOutsideTheRecipeRuleAreRefusedAndTooManyAreCapped() throws Exception {
        for (String threads : List.of("-1", "5000")) {
            SelfSupProcess.Result refused = cli("run", recipe.toString(), "--threads=" + threads);
            assertEquals(2, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("--threads: must be between 0 and 4096, got " + threads),
                    refused.output());
        }
        Path tiny = recipe("threads", data, "evaluate: {enabled: false}");
        SelfSupProcess.Result capped = cli("run", tiny.toString(), "--threads=300", "--set", "train.max_steps=2");
        assertEquals(0, capped.exitCode(), capped.output());
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(capped.output().contains("warning: threads 300 is more than this machine's " + cores
                + " cores; using " + cores), capped.output());
        assertTrue(capped.output().contains(", threads " + cores + ")"), capped.output());
    }

    // 2. resuming a finished run finishes what is missing, or says there is nothing to do
    @Test
    void resumingAFinishedRunKeepsItsFiguresAndDoesOnlyWhatIsMissing() throws Exception {
        Path run = copyOfFinishedRun("finished");
        JsonNode original = metadata(run);
        byte[] report = Files.readAllBytes(run.resolve("eval/report.md"));
        assertTrue(original.get("pretraining_seconds").asLong() >= 0);
        assertFalse(original.get("loss_first_to_last").asText().contains("NaN"), original.toString());

        SelfSupProcess.Result nothing = cli("run", "--resume", run.toString());
        assertEquals(0, nothing.exitCode(), nothing.output());
        assertTrue(nothing.output().contains("nothing to do: " + run + " is complete and evaluated"), nothing.output());
        assertFalse(nothing.output().contains("NaN"), nothing.output());
        assertArrayEquals(report, Files.readAllBytes(run.resolve("eval/report.md")), "the report is untouched");

        deleteTree(run.resolve("eval")); // as if killed during evaluation
        SelfSupProcess.Result evaluated = cli("run", "--resume", run.toString());
        assertEquals(0, evaluated.exitCode(), evaluated.output());
        assertTrue(evaluated.output().contains("resume: pretraining is complete (12 steps"), evaluated.output());
        assertFalse(evaluated.output().contains("steps 13-12"), evaluated.output());
        for (String key : List.of("loss_first_to_last", "pretraining_seconds", "pretraining_steps")) {
            assertEquals(original.get(key), metadata(run).get(key), key + " kept from the pretraining");
        }

        byte[] encoder = Files.readAllBytes(run.resolve("encoder/encoder.params"));
        deleteTree(run.resolve("encoder")); // as if killed between the last checkpoint and saving the encoder
        deleteTree(run.resolve("eval"));
        SelfSupProcess.Result saved = cli("run", "--resume", run.toString());
        assertEquals(0, saved.exitCode(), saved.output());
        assertTrue(saved.output().contains("saving the encoder from step-000012"), saved.output());
        assertArrayEquals(encoder, Files.readAllBytes(run.resolve("encoder/encoder.params")));
        for (String key : List.of("loss_first_to_last", "pretraining_seconds", "pretraining_steps")) {
            assertEquals(original.get(key), metadata(run).get(key), key + " kept from the checkpoint and metrics");
        }
    }

    // 3. the encoder, the probes and their statistics are checked against manifests before use
    @Test
    void tamperedEncodersAndProbesAreRefusedNamingTheFile() throws Exception {
        Path run = copyOfFinishedRun("tampered");
        Path params = run.resolve("encoder/encoder.params");
        byte[] good = Files.readAllBytes(params);
        byte[] flipped = good.clone();
        for (int i = good.length - 400; i < good.length; i += 4) {
            flipped[i] ^= (byte) 0x80; // sign bits of the last parameters
        }
        Files.write(params, flipped);
        SelfSupProcess.Result encoder = cli("predict", "--run", run.toString(), images.get(0).toString());
        assertEquals(2, encoder.exitCode(), encoder.output());
        assertTrue(encoder.output().contains("the trained encoder in " + run.resolve("encoder") + " cannot be "
                + "trusted: encoder.params does not match its sha256"), encoder.output());
        Files.write(params, good);

        Path probe = run.resolve("eval/logistic-pretrained-f1.softmax.json");
        byte[] probeBytes = Files.readAllBytes(probe);
        Files.write(probe, "not a model".getBytes());
        SelfSupProcess.Result unlisted = cli("predict", "--run", run.toString(), images.get(0).toString());
        assertEquals(2, unlisted.exitCode(), unlisted.output());
        assertTrue(unlisted.output().contains("the model logistic-pretrained-f1 in " + probe.getParent() + " cannot be "
                + "trusted: logistic-pretrained-f1.softmax.json does not match its sha256"), unlisted.output());
    }

    // 4. k larger than a labelled subset is clamped; a run can be evaluated again with other settings
    @Test
    void knnOnASubsetSmallerThanKIsClampedAndARunCanBeEvaluatedAgain() throws Exception {
        assertTrue(firstOutput.contains("- knn, pretrained, 1%: k 1 (the subset has 10 labelled rows, fewer than k=20 "
                + "per class)"), firstOutput);
        assertTrue(firstOutput.contains("evaluation: logistic@[0.01, 1.0]; knn@[0.01, 1.0] (subsets 1%: 5, 100%: 1; "
                + "validation 20% of each subset)"), firstOutput);
        Path run = copyOfFinishedRun("reevaluated");
        SelfSupProcess.Result again = cli("evaluate", run.toString(), "--set", "evaluate.label_fractions=[1.0]",
                "--set", "evaluate.protocols=[{type: knn, k: 3}]");
        assertEquals(0, again.exitCode(), again.output());
        List<String> rows = new ArrayList<>();
        for (JsonNode r : JSON.readTree(run.resolve("eval/report.json").toFile()).get("outcomes")) {
            rows.add(r.get("representation").asText() + " " + r.get("protocol").asText() + " "
                    + r.get("labelFraction").asDouble());
        }
        assertEquals(List.of("pretrained knn 1.0", "raw knn 1.0"), rows);
        try (Stream<Path> files = Files.list(run.resolve("eval"))) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().startsWith("logistic-")),
                    "the old evaluation's probes are replaced");
        }
        SelfSupProcess.Result training = cli("evaluate", run.toString(), "--set", "train.max_steps=3");
        assertEquals(2, training.exitCode(), training.output());
        assertTrue(training.output().contains("evaluate takes only evaluate.* overrides; 'train.max_steps=3' would "
                + "change what was pretrained"), training.output());
        SelfSupProcess.Result resumeWithSet = cli("run", "--resume", run.toString(), "--set", "evaluate.k=1");
        assertEquals(2, resumeWithSet.exitCode(), resumeWithSet.output());
        assertTrue(resumeWithSet.output().contains("selfsup evaluate " + run + " --set evaluate.KEY=VALUE"),
                resumeWithSet.output());
    }

    // 5. every element of a list of choices is validated
    @Test
    void aTypoInTheBaselinesIsRefused() throws Exception {
        SelfSupProcess.Result result = cli("validate", recipe.toString(), "--set", "evaluate.baselines=[random_encodr]");
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("evaluate.baselines[0]: must be one of [raw, random_encoder], got "
                + "'random_encodr'; did you mean 'random_encoder'?"), result.output());
    }

    // 6. a checkpoint whose state contradicts itself is refused with the reason
    @Test
    void aForgedCheckpointStepIsRefused() throws Exception {
        Path run = copyOfFinishedRun("forged");
        deleteTree(run.resolve("encoder")); // so that resuming needs the checkpoint
        Path checkpoint = run.resolve("checkpoints/step-000012");
        Path state = checkpoint.resolve("state.json");
        Files.writeString(state, Files.readString(state).replaceFirst("\"step\" ?: ?12,", "\"step\" : 999,"));
        FileManifest.write(checkpoint, "manifest.json", List.of("model.params", "optimizer.bin", "state.json"),
                Map.of("step", 12)); // the forger rehashes the manifest
        SelfSupProcess.Result result = cli("run", "--resume", run.toString());
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("cannot resume from " + checkpoint + ": its state.json is inconsistent "
                + "(step 999 is outside the plan's 0 to 12 steps)"), result.output());
        assertFalse(Files.exists(run.resolve("encoder/encoder.params")), "nothing was trained or saved");
    }

    // 7. messages instead of stack traces
    @Test
    void brokenFilesAndBadOptionsGiveOneLineMessages() throws Exception {
        Path mixed = Files.createDirectories(work.resolve("mixed-plugins"));
        Files.copy(plugins.resolve(Path.of(System.getProperty("selfsup.plugin.jar")).getFileName()),
                mixed.resolve("vision.jar"));
        Files.writeString(mixed.resolve("broken.jar"), "not a zip");
        SelfSupProcess.Result jar = SelfSupProcess.run(work, mixed, "plugins");
        assertEquals(1, jar.exitCode(), jar.output());
        assertTrue(jar.output().contains(mixed.resolve("broken.jar") + ": not a readable jar file"), jar.output());
        assertTrue(jar.output().contains("plugin vision"), "the other plugin still loads:\n" + jar.output());
        assertNoStackTrace(jar);

        Path run = copyOfFinishedRun("broken-files");
        Path probe = run.resolve("eval/logistic-pretrained-f1.softmax.json");
        Files.write(probe, new byte[] {8, 1, 18, 3, 1, 2});
        rehash(run.resolve("eval"));
        SelfSupProcess.Result model = cli("predict", "--run", run.toString(), images.get(0).toString());
        assertEquals(2, model.exitCode(), model.output());
        assertTrue(model.output().contains("cannot load the model " + probe), model.output());
        assertNoStackTrace(model);

        Path description = run.resolve("encoder/encoder.yaml");
        Files.writeString(description, Files.readString(description).replace("dim: 32", "dim: 16"));
        rehash(run.resolve("encoder"));
        SelfSupProcess.Result shape = cli("embed", "--run", run.toString(), "--out", work.resolve("e").toString(),
                images.get(0).toString());
        assertEquals(2, shape.exitCode(), shape.output());
        assertTrue(shape.output().contains("does not fit the encoder described by " + description), shape.output());
        assertNoStackTrace(shape);

        for (String[] options : List.of(new String[] {"--steps", "0"}, new String[] {"--rounds", "-1"},
                new String[] {"--warmup", "-2"})) {
            SelfSupProcess.Result bench = cli("bench", recipe.toString(), options[0], options[1]);
            assertEquals(2, bench.exitCode(), bench.output());
            assertTrue(bench.output().contains(options[0] + ": must be at least"), bench.output());
            assertNoStackTrace(bench);
        }
        SelfSupProcess.Result batch = cli("embed", "--run", finished.toString(), "--batch-size", "0",
                images.get(0).toString());
        assertEquals(2, batch.exitCode(), batch.output());
        assertTrue(batch.output().contains("--batch-size: must be between 1 and 1000000, got 0"), batch.output());
    }

    @Test
    void aFullHeapNamesTheSettingToRaise() throws Exception {
        // Tribuo's SGD probe holds its rows as Java objects: 24 MB of heap cannot (the default logistic probe works
        // on the engine and fits)
        SelfSupProcess.Result result = SelfSupProcess.run(SelfSupProcess.builder(work, plugins, List.of("-Xmx24m"),
                "run", recipe.toString(), "--set", "output=" + work.resolve("oom"), "--set",
                "evaluate.protocols=[{type: linear_sgd}]"));
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("error: the Java heap is full (its limit is "), result.output());
        assertTrue(result.output().contains("SELFSUP_JAVA_OPTS=-Xmx"), result.output());
        assertNoStackTrace(result);
    }

    private static void rehash(Path folder) throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(folder)) {
            names = files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("manifest.json")).toList();
        }
        FileManifest.write(folder, "manifest.json", names, Map.of());
    }

    // 8. every I/O error names the right path and keeps its cause
    @Test
    void unreadableInputsAreNamedWithTheirReason() throws Exception {
        Path truncated = work.resolve("truncated.png");
        byte[] png = Files.readAllBytes(images.get(0));
        Files.write(truncated, java.util.Arrays.copyOf(png, png.length / 2));
        SelfSupProcess.Result cut = cli("embed", "--run", finished.toString(), "--out", work.resolve("t").toString(),
                truncated.toString());
        assertEquals(2, cut.exitCode(), cut.output());
        assertTrue(cut.output().contains(truncated + ": cannot decode the image, it may be truncated or corrupt"),
                cut.output());

        Path huge = work.resolve("huge.png");
        Files.write(huge, withDimensions(png, 40000, 40000));
        SelfSupProcess.Result oversized = cli("predict", "--run", finished.toString(), huge.toString());
        assertEquals(2, oversized.exitCode(), oversized.output());
        assertTrue(oversized.output().contains(huge + " is 40000x40000 pixels, more than the"), oversized.output());

        Path run = copyOfFinishedRun("statistics");
        Path statistics = run.resolve("eval/logistic-pretrained-f1.standardizer.json");
        Files.writeString(statistics, "{\"means\": [");
        rehash(run.resolve("eval"));
        SelfSupProcess.Result broken = cli("predict", "--run", run.toString(), images.get(0).toString());
        assertEquals(2, broken.exitCode(), broken.output());
        assertTrue(broken.output().contains("cannot read the feature statistics " + statistics), broken.output());

        SelfSupProcess.Result file = cli("predict", "--run", images.get(0).toString(), images.get(0).toString());
        assertEquals(2, file.exitCode(), file.output());
        assertTrue(file.output().contains(images.get(0) + " is a file, not a run folder"), file.output());
        SelfSupProcess.Result folderRecipe = cli("validate", work.resolve("images").toString());
        assertEquals(2, folderRecipe.exitCode(), folderRecipe.output());
        assertTrue(folderRecipe.output().contains("cannot read recipe: it is a folder, not a recipe file"),
                folderRecipe.output());

        Path junk = copyOfFinishedRun("junk-metrics");
        deleteTree(junk.resolve("encoder"));
        Files.delete(junk.resolve("metrics.jsonl"));
        Files.createDirectories(junk.resolve("metrics.jsonl"));
        SelfSupProcess.Result metrics = cli("run", "--resume", junk.toString());
        assertEquals(2, metrics.exitCode(), metrics.output());
        assertTrue(metrics.output().contains("metrics file " + junk.resolve("metrics.jsonl") + ": "), metrics.output());
        assertTrue(metrics.output().contains("directory"), "the reason is kept:\n" + metrics.output());
    }

    /** A PNG whose header claims other dimensions (with a valid header checksum), its pixels unchanged. */
    private static byte[] withDimensions(byte[] png, int width, int height) {
        byte[] out = png.clone();
        ByteBuffer header = ByteBuffer.wrap(out);
        header.putInt(16, width).putInt(20, height); // IHDR data starts after the 8-byte signature and 8 bytes
        CRC32 crc = new CRC32();
        crc.update(out, 12, 17); // chunk type and 13 data bytes
        header.putInt(29, (int) crc.getValue());
        return out;
    }

    // 9. no empty run folders after early failures, and one process per run folder
    @Test
    void aRunThatFailsBeforeTrainingLeavesNoFolderAndABusyFolderIsRefused() throws Exception {
        Path missing = recipe("nodata", work.resolve("no-such-idx"), "evaluate: {enabled: false}");
        SelfSupProcess.Result failed = cli("run", missing.toString());
        assertEquals(2, failed.exitCode(), failed.output());
        assertFalse(Files.exists(work.resolve("runs/nodata")), "no run folder left:\n" + failed.output());

        Path run = copyOfFinishedRun("busy");
        try (FileChannel channel = FileChannel.open(run.resolve("run.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            channel.truncate(0).write(ByteBuffer.wrap("process 4242, since earlier".getBytes()), 0);
            SelfSupProcess.Result busy = cli("run", "--resume", run.toString());
            assertEquals(2, busy.exitCode(), busy.output());
            assertTrue(busy.output().contains("run folder " + run + " is in use by another selfsup run (process "
                    + "4242, since earlier)"), busy.output());
            SelfSupProcess.Result evaluate = cli("evaluate", run.toString());
            assertEquals(2, evaluate.exitCode(), evaluate.output());
            assertTrue(evaluate.output().contains("is in use by another selfsup run"), evaluate.output());
        }
    }
}
