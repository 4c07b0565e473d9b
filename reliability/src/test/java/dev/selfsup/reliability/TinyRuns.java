package dev.selfsup.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A tiny MAE recipe on synthetic MNIST-shaped IDX files: seconds per run, checkpoints every few steps. */
final class TinyRuns {

    /** Steps of a tiny run. */
    static final int STEPS = 32;

    /** Steps between checkpoints. */
    static final int CHECKPOINT_EVERY = 8;

    private TinyRuns() {
    }

    /** Writes the IDX files and the recipe into {@code work}; returns the recipe. */
    static Path recipe(Path work) throws IOException {
        Path data = work.resolve("idx");
        writeIdx(data, "train", 400, new Random(5));
        writeIdx(data, "t10k", 50, new Random(6));
        Path recipe = work.resolve("tiny.yaml");
        Files.writeString(recipe, """
                name: tiny
                seed: 3
                device: cpu
                threads: 1
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 16, depth: 1, heads: 2}
                pretext: {task: mae, mask_ratio: 0.75, decoder: {dim: 16, depth: 1, heads: 2}}
                train:
                  max_steps: %d
                  batch_size: 32
                  log_every: 1
                  optimizer: {lr: 3.0e-3}
                  schedule: {warmup_steps: 2}
                  checkpoint: {every_steps: %d, keep: 3}
                evaluate: {enabled: false}
                """.formatted(data, STEPS, CHECKPOINT_EVERY));
        return recipe;
    }

    /** The one run folder under {@code output}. */
    static Path runFolder(Path output) throws IOException {
        try (Stream<Path> folders = Files.list(output.resolve("tiny"))) {
            List<Path> all = folders.toList();
            assertEquals(1, all.size(), "one run folder: " + all);
            return all.get(0);
        }
    }

    private static void writeIdx(Path folder, String prefix, int count, Random random) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve(prefix + "-images-idx3-ubyte"), IdxBytes.images(count, random));
        Files.write(folder.resolve(prefix + "-labels-idx1-ubyte"), IdxBytes.labels(count));
    }
}
