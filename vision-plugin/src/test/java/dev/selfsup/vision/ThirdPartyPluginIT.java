package dev.selfsup.vision;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example third-party plugin in {@code docs/examples/rotation-plugin}, built outside the reactor against
 * the installed framework, dropped into a plugins folder next to the vision plugin and used by a recipe: its pretext
 * task trains, and its evaluation protocol shows up in the report.
 */
class ThirdPartyPluginIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void theRotationPluginBuildsLoadsTrainsAndEvaluatesWithItsOwnProtocol() throws Exception {
        ExternalProjects.assumeFrameworkInstalled();
        Path project = ExternalProjects.build("rotation-plugin", work, "package");
        Path plugins = SelfSupProcess.installPlugin(work);
        Files.copy(project.resolve("target/rotation-plugin-1.0.0.jar"), plugins.resolve("rotation-plugin-1.0.0.jar"));

        SelfSupProcess.Result listed = SelfSupProcess.run(work, plugins, "plugins");
        assertEquals(0, listed.exitCode(), listed.output());
        assertTrue(listed.output().contains("plugin rotation 1.0.0"), listed.output());
        assertTrue(listed.output().lines().anyMatch(l -> l.trim().startsWith("rotation ") && l.contains("[rotation]")),
                listed.output());

        Path data = work.resolve("idx");
        SyntheticIdx.write(data, 400, 100, 2);
        Path recipe = work.resolve("rotation.yaml");
        Files.writeString(recipe, """
                name: rotation
                seed: 8
                device: cpu
                output: %s
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 32, depth: 1, heads: 2}
                pretext: {task: rotation}
                train: {max_steps: 30, batch_size: 32, log_every: 10, optimizer: {lr: 3.0e-3}}
                evaluate: {label_fractions: [1.0], protocols: [{type: logistic}, {type: nearest_mean}], baselines: [raw]}
                """.formatted(work.resolve("runs"), data));
        SelfSupProcess.Result run = SelfSupProcess.run(work, plugins, "run", recipe.toString());
        assertEquals(0, run.exitCode(), run.output());
        Path folder;
        try (Stream<Path> runs = Files.list(work.resolve("runs/rotation"))) {
            folder = runs.findFirst().orElseThrow();
        }
        List<String> metrics = Files.readAllLines(folder.resolve("metrics.jsonl"));
        assertEquals(3, metrics.size());
        for (String line : metrics) {
            double accuracy = JSON.readTree(line).get("rotation_accuracy").asDouble();
            assertTrue(accuracy >= 0 && accuracy <= 1, line);
        }
        assertTrue(JSON.readTree(folder.resolve("provenance.json").toFile()).get("plugins").toString()
                .contains("rotation-plugin-1.0.0.jar"));
        String report = Files.readString(folder.resolve("eval/report.md"));
        assertTrue(report.contains("## nearest_mean: accuracy"), "the plugin's protocol is in the report:\n" + report);
        assertTrue(report.contains("## nearest_mean: mean_distance"), "with its own metric:\n" + report);
        assertTrue(report.contains("- nearest_mean, 100% (400): pretrained"), "and in the verdict:\n" + report);
        assertTrue(Files.readString(folder.resolve("eval/report.html")).contains("nearest_mean: mean_distance"));
    }
}
