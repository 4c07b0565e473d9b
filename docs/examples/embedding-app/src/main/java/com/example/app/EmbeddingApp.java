package com.example.app;

import dev.selfsup.SelfSup;
import dev.selfsup.embed.Classifier;
import dev.selfsup.embed.EmbeddingModel;
import dev.selfsup.embed.Prediction;
import dev.selfsup.embed.TrainedRun;
import dev.selfsup.run.RunResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * An application using selfsup as a library: pretrain on a recipe given as text, then embed and classify
 * image files with the trained run.
 *
 * <pre>java -cp target/classes:$(cat target/classpath.txt) com.example.app.EmbeddingApp PLUGINS IDX_DATA IMAGES WORK</pre>
 */
public final class EmbeddingApp {

    private EmbeddingApp() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: EmbeddingApp PLUGINS_DIR IDX_DATA_DIR IMAGES_DIR WORK_DIR");
            System.exit(2);
        }
        Path plugins = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path images = Path.of(args[2]);
        Path work = Path.of(args[3]);
        String recipe = """
                name: app
                seed: 11
                device: cpu
                output: %s
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 32, depth: 1, heads: 2}
                pretext: {task: mae, decoder: {dim: 32, depth: 1, heads: 2}}
                train: {max_steps: 20, batch_size: 32}
                evaluate: {label_fractions: [1.0], protocols: [{type: logistic}], baselines: []}
                """.formatted(work.resolve("runs"), data);

        // JVM-wide settings are explicit: the facade sets DJL's offline properties only when asked
        try (SelfSup selfsup = SelfSup.builder().optPluginsDirectory(plugins).optClasspathPlugins(false)
                .optOfflineEngine(true)
                .addMetricsListener(m -> System.out.println("metrics: step " + m.get("step") + " loss " + m.get("loss")))
                .build()) {
            RunResult result = selfsup.run(selfsup.validateText(recipe, List.of()));
            System.out.println("trained: " + result.folder().root());

            List<Path> files;
            try (Stream<Path> listing = Files.list(images)) {
                files = listing.filter(p -> p.toString().endsWith(".png")).sorted().toList();
            }
            TrainedRun run = selfsup.openRun(result.folder().root());
            try (EmbeddingModel model = run.embeddingModel(64)) {
                float[][] vectors = model.embedFiles(files);
                System.out.printf("embedded %d images into %d-dimensional vectors%n", vectors.length, model.dimension());
            }
            try (Classifier classifier = run.classifier(null, 64)) {
                List<Prediction> predictions = classifier.classifyFiles(files);
                for (int i = 0; i < files.size(); i++) {
                    Prediction p = predictions.get(i);
                    System.out.printf("prediction: %s -> %s (%.3f)%n", files.get(i).getFileName(), p.label(),
                            p.scores().get(p.label()));
                }
            }
        }
    }
}
