package dev.selfsup.vision;

import dev.selfsup.SelfSup;
import dev.selfsup.embed.EmbeddingModel;
import dev.selfsup.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two {@link SelfSup} instances in one JVM train and embed without affecting each other (and the builder's
 * device overrides the recipe's, which names a GPU that does not exist).
 */
class TwoInstancesIT {

    @TempDir
    Path work;

    private static String recipe(Path data, Path output, int seed) {
        return """
                name: twin
                seed: %d
                device: gpu:7
                output: %s
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 32, depth: 1, heads: 2}
                pretext: {task: mae, decoder: {dim: 32, depth: 1, heads: 2}}
                train: {max_steps: 8, batch_size: 32}
                evaluate: {enabled: false}
                """.formatted(seed, output, data);
    }

    @Test
    void twoInstancesTrainAndEmbedIndependently() throws Exception {
        Path data = work.resolve("idx");
        SyntheticIdx.write(data, 200, 20, 4);
        List<Path> images = SyntheticIdx.writePngs(work.resolve("images"), 3);
        try (SelfSup first = SelfSup.builder().optClasspathPlugins(true).optDevice("cpu").build();
             SelfSup second = SelfSup.builder().optClasspathPlugins(true).optDevice("cpu").build()) {
            RunResult a = first.run(first.validateText(recipe(data, work.resolve("a"), 1), List.of()));
            try (EmbeddingModel modelA = first.openRun(a.folder().root()).embeddingModel(4)) {
                float[][] before = modelA.embedFiles(images);
                RunResult b = second.run(second.validateText(recipe(data, work.resolve("b"), 2), List.of()));
                float[][] fromB;
                try (EmbeddingModel modelB = second.openRun(b.folder().root()).embeddingModel(4)) {
                    fromB = modelB.embedFiles(images);
                }
                second.close();
                float[][] after = modelA.embedFiles(images);
                for (int i = 0; i < images.size(); i++) {
                    assertArrayEquals(before[i], after[i], "the first model is untouched by the second run");
                    assertFalse(java.util.Arrays.equals(before[i], fromB[i]), "different seeds, different encoders");
                }
                assertNotEquals(a.folder().root(), b.folder().root());
            }
        }
    }
}
