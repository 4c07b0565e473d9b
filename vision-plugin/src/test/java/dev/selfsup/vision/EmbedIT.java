package dev.selfsup.vision;

import dev.selfsup.SelfSup;
import dev.selfsup.embed.Classifier;
import dev.selfsup.embed.EmbeddingModel;
import dev.selfsup.embed.Prediction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code selfsup embed} on image files with a trained run: the same bytes on every invocation, and the same
 * vectors as the embedding API in this JVM.
 */
class EmbedIT {

    @TempDir
    static Path work;

    private static Path plugins;
    private static Path run;
    private static List<Path> images;

    @BeforeAll
    static void trainATinyRun() throws Exception {
        plugins = SelfSupProcess.installPlugin(work);
        Path data = work.resolve("idx");
        SyntheticIdx.write(data, 200, 20, 3);
        Path recipe = work.resolve("embed.yaml");
        Files.writeString(recipe, """
                name: embed
                seed: 4
                device: cpu
                output: %s
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 32, depth: 1, heads: 2}
                pretext: {task: mae, decoder: {dim: 32, depth: 1, heads: 2}}
                train: {max_steps: 6, batch_size: 32}
                evaluate:
                  label_fractions: [1.0]
                  protocols: [{type: logistic}, {type: knn, k: 3}, {type: fine_tune, epochs: 2, batch_size: 32}]
                  baselines: []
                """.formatted(work.resolve("runs"), data));
        SelfSupProcess.Result trained = SelfSupProcess.run(work, plugins, "run", recipe.toString());
        assertEquals(0, trained.exitCode(), trained.output());
        try (Stream<Path> folders = Files.list(work.resolve("runs/embed"))) {
            run = folders.findFirst().orElseThrow();
        }
        images = SyntheticIdx.writePngs(work.resolve("images"), 3);
    }

    @Test
    void embeddingFilesIsRepeatableAndMatchesTheApi() throws Exception {
        SelfSupProcess.Result first = SelfSupProcess.run(work, plugins, "embed", "--run", run.toString(), "--out",
                work.resolve("first").toString(), work.resolve("images").toString());
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("embedded 3 files into 32-dimensional vectors"), first.output());
        SelfSupProcess.Result second = SelfSupProcess.run(work, plugins, "embed", "--run", run.toString(), "--out",
                work.resolve("second").toString(), work.resolve("images") + "/*.png");
        assertEquals(0, second.exitCode(), second.output());
        byte[] npy = Files.readAllBytes(work.resolve("first.npy"));
        assertArrayEquals(npy, Files.readAllBytes(work.resolve("second.npy")), "identical across invocations");
        List<String> csv = Files.readAllLines(work.resolve("first.csv"));
        assertEquals(4, csv.size());
        assertTrue(csv.get(1).startsWith(images.get(0).toString() + ","), csv.get(1));

        float[][] api;
        try (SelfSup selfsup = SelfSup.builder().optClasspathPlugins(true).build();
             EmbeddingModel model = selfsup.openRun(run).embeddingModel(2)) {
            assertEquals(32, model.dimension());
            api = model.embedFiles(images);
        }
        int header = 10 + ((npy[8] & 0xFF) | (npy[9] & 0xFF) << 8);
        ByteBuffer values = ByteBuffer.wrap(npy, header, npy.length - header).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : api) {
            for (float v : row) {
                assertEquals(v, values.getFloat(), 0f, "the CLI's vectors are the API's, bit for bit");
            }
        }
    }

    @Test
    void predictPrintsLabelsWithScoresLikeTheClassifierApi() throws Exception {
        SelfSupProcess.Result result = SelfSupProcess.run(work, plugins, "predict", "--run", run.toString(),
                work.resolve("images").toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("probe: logistic-pretrained-f1"), result.output());
        List<String> lines = result.output().lines().filter(l -> l.contains("digit-")).toList();
        assertEquals(3, lines.size(), result.output());
        try (SelfSup selfsup = SelfSup.builder().optClasspathPlugins(true).build();
             Classifier classifier = selfsup.openRun(run).classifier(null, 8)) {
            List<Prediction> predictions = classifier.classifyFiles(images);
            for (int i = 0; i < 3; i++) {
                Prediction p = predictions.get(i);
                String top = p.scores().entrySet().iterator().next().getKey();
                assertEquals(p.label(), top, "the label is the best-scored class");
                assertTrue(lines.get(i).startsWith(images.get(i) + "\t" + p.label() + "\t"), lines.get(i));
                assertEquals(1.0, p.scores().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
            }
            assertEquals(List.of("fine_tune-pretrained-f1", "knn-pretrained-f1", "logistic-pretrained-f1"),
                    selfsup.openRun(run).probes());
            // the fine-tuned model brings its own encoder: the same files, through it
            try (Classifier tuned = selfsup.openRun(run).classifier("fine_tune-pretrained-f1", 8)) {
                List<Prediction> fineTuned = tuned.classifyFiles(images);
                assertEquals(3, fineTuned.size());
                assertEquals(1.0, fineTuned.get(0).scores().values().stream().mapToDouble(Double::doubleValue)
                        .sum(), 1e-5, "softmax probabilities");
            }
        }
        SelfSupProcess.Result tunedCli = SelfSupProcess.run(work, plugins, "predict", "--run", run.toString(),
                "--probe", "fine_tune-pretrained-f1", work.resolve("images").toString());
        assertEquals(0, tunedCli.exitCode(), tunedCli.output());
        assertEquals(3, tunedCli.output().lines().filter(l -> l.contains("digit-")).count(), tunedCli.output());
        SelfSupProcess.Result missing = SelfSupProcess.run(work, plugins, "predict", "--run", run.toString(),
                "--probe", "svm", work.resolve("images").toString());
        assertEquals(2, missing.exitCode(), missing.output());
        assertTrue(missing.output().contains("available: fine_tune-pretrained-f1, knn-pretrained-f1, "
                + "logistic-pretrained-f1"), missing.output());
    }

    @Test
    void aFileOfAnotherModalityIsNamed() throws Exception {
        Path text = Files.writeString(work.resolve("notes.txt"), "not an image");
        SelfSupProcess.Result result = SelfSupProcess.run(work, plugins, "embed", "--run", run.toString(), "--out",
                work.resolve("bad").toString(), text.toString());
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains(text + " is not an image file"), result.output());
    }
}
