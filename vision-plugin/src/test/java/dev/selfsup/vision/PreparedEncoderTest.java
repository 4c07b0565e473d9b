package dev.selfsup.vision;

import dev.selfsup.SelfSup;
import dev.selfsup.api.Image;
import dev.selfsup.api.Sample;
import dev.selfsup.data.IntegrityException;
import dev.selfsup.embed.EmbeddingModel;
import dev.selfsup.embed.TrainedRun;
import dev.selfsup.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An encoder prepared from the training data ({@link StandardisedVitProvider}): prepared once per run, kept with
 * a manifest, reused on resume, saved with the encoder, and used again when the run is read back.
 */
class PreparedEncoderTest {

    @TempDir
    Path work;

    @Test
    void aPreparedEncoderIsPreparedOnceSavedWithItsArtifactsAndReadBack() throws Exception {
        SyntheticIdx.write(work.resolve("idx"), 200, 60, 4);
        String recipe = """
                name: prepared
                seed: 5
                device: cpu
                output: %s
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: standardised_vit, image: 28, patch: 7, dim: 16, depth: 1, heads: 2}
                pretext: {task: mae, decoder: {dim: 16, depth: 1, heads: 2}}
                train: {max_steps: 6, batch_size: 20, log_every: 3}
                evaluate: {label_fractions: [1.0], protocols: [{type: logistic}], baselines: [random_encoder]}
                """.formatted(work.resolve("runs"), work.resolve("idx"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (SelfSup selfsup = SelfSup.builder().optThreads(1)
                .optOutput(new PrintStream(log, true, StandardCharsets.UTF_8), false).build()) {
            int before = StandardisedVitProvider.PREPARATIONS.get();
            RunResult result = selfsup.run(selfsup.validateText(recipe, List.of()));
            Path root = result.folder().root();
            assertEquals(before + 1, StandardisedVitProvider.PREPARATIONS.get(), "prepared once");
            assertTrue(Files.isRegularFile(root.resolve("prepared/encoder/pixels.txt")));
            assertTrue(Files.isRegularFile(root.resolve("prepared/encoder/manifest.json")));
            assertTrue(Files.readString(root.resolve("encoder/manifest.json")).contains("artifacts/pixels.txt"),
                    "the saved encoder keeps its artifacts under its manifest");
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("prepare: encoder 'encoder' (standardised_vit) "
                    + "prepared from 200 training samples"), log.toString(StandardCharsets.UTF_8));

            selfsup.resume(root); // complete: nothing to do, nothing prepared again
            assertEquals(before + 1, StandardisedVitProvider.PREPARATIONS.get(), "a resumed run reuses the preparation");
            assertTrue(log.toString(StandardCharsets.UTF_8).contains("is prepared already"));

            TrainedRun run = selfsup.openRun(root);
            List<Sample> samples = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                float[] pixels = new float[28 * 28];
                java.util.Arrays.fill(pixels, 0.1f * i);
                samples.add(Sample.unlabelled(Sample.IMAGE, new Image(1, 28, 28, pixels)));
            }
            try (EmbeddingModel model = run.embeddingModel(8)) {
                float[][] vectors = model.embed(samples);
                assertEquals(3, vectors.length);
                assertEquals(16, vectors[0].length);
            }

            Files.writeString(root.resolve("encoder/artifacts/pixels.txt"), "0.0 1.0\n"); // tampered
            IntegrityException e = assertThrows(IntegrityException.class, () -> selfsup.openRun(root));
            assertTrue(e.getMessage().contains("artifacts/pixels.txt"), e.getMessage());
        }
    }
}
