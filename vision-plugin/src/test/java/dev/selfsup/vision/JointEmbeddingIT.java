package dev.selfsup.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each shipped joint-embedding quick recipe, with its real two-view augmentation pipeline, run by the CLI through
 * the packaged plugin jar on synthetic digits with a small ResNet: the loss falls, the collapse statistics are
 * logged, and the pretrained encoder's probe is far above chance.
 */
class JointEmbeddingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Path plugins;
    private static Path data;

    @BeforeAll
    static void setUp() throws IOException {
        plugins = SelfSupProcess.installPlugin(work);
        data = work.resolve("idx");
        SyntheticIdx.write(data, 1000, 300, 13);
    }

    @ParameterizedTest
    @ValueSource(strings = {"simclr", "byol", "vicreg"})
    void theQuickRecipeTrainsThroughTheJar(String method) throws Exception {
        Path recipe = Path.of("..", "recipes", "fashion-" + method + "-quick.yaml").toAbsolutePath().normalize();
        SelfSupProcess.Result result = SelfSupProcess.run(work, plugins, "run", recipe.toString(),
                "--set", "device=cpu", "--set", "output=" + work.resolve("runs"), "--set", "data.dataset=mnist",
                "--set", "data.path=" + data, "--set", "data.fetch=false", "--set", "encoder.widths=[8, 16]",
                "--set", "train.max_steps=60", "--set", "train.batch_size=32", "--set", "train.log_every=10",
                "--set", "train.schedule.warmup_steps=5", "--set", "evaluate.label_fractions=[1.0]",
                "--set", "evaluate.protocols=[{type: logistic}]", "--set", "evaluate.baselines=[raw]");
        assertEquals(0, result.exitCode(), result.output());
        Path run = Files.list(work.resolve("runs").resolve("fashion-" + method + "-quick")).findFirst().orElseThrow();
        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode record = JSON.readTree(line);
            assertTrue(record.has("embedding_std") && record.has("effective_rank"), "collapse statistics: " + line);
            assertTrue(record.get("data_wait_pct").asDouble() < 50, line);
            losses.add(record.get("loss").asDouble());
        }
        assertEquals(6, losses.size());
        assertTrue(losses.get(losses.size() - 1) < losses.get(0), method + " loss should fall: " + losses);
        JsonNode provenance = JSON.readTree(run.resolve("provenance.json").toFile());
        assertTrue(provenance.get("extensions").toString().contains("\"" + method + "\""), provenance.toString());
        for (JsonNode r : JSON.readTree(run.resolve("eval/report.json").toFile()).get("outcomes")) {
            if (r.get("representation").asText().equals("pretrained")) {
                assertTrue(r.get("metrics").get("accuracy").asDouble() > 0.3, method + " probe far above chance (0.1): " + r);
            }
        }
    }
}
