package dev.selfsup.vision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.bench.ReferenceCheck;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code selfsup bench} through the packaged plugin, and the PyTorch reference checked against selfsup's numbers. */
class BenchIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Path plugins;
    private static Path recipe;
    private static Path data;

    @BeforeAll
    static void setUp() throws Exception {
        plugins = SelfSupProcess.installPlugin(work);
        data = work.resolve("idx");
        SyntheticIdx.write(data, 300, 50, 9);
        recipe = work.resolve("bench.yaml");
        Files.writeString(recipe, """
                name: bench
                seed: 5
                device: cpu
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 32, depth: 2, heads: 2}
                pretext: {task: mae, mask_ratio: 0.75, decoder: {dim: 32, depth: 1, heads: 2}}
                augment: [{type: random_shift, max_pixels: 1}]
                train: {batch_size: 32}
                """.formatted(data));
    }

    @Test
    void benchReportsTimesPhasesFlopsCeilingAndMemory() throws Exception {
        Path json = work.resolve("bench.json");
        SelfSupProcess.Result result = SelfSupProcess.run(work, plugins, "bench", recipe.toString(), "--rounds", "2",
                "--steps", "3", "--warmup", "1", "--out", json.toString());
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("selfsup/plain ratio median"), result.output());
        JsonNode bench = JSON.readTree(json.toFile());
        for (String field : List.of("step_ms_median", "step_ms_p10", "step_ms_p90", "samples_per_s",
                "plain_djl_step_ms_median", "achieved_gflops", "gemm_ceiling_gflops", "peak_rss_mb")) {
            assertTrue(bench.get(field).asDouble() > 0, field + " in " + bench);
        }
        for (String phase : List.of("data_wait", "forward", "backward", "optimizer")) {
            assertTrue(bench.get("phase_ms_median").get(phase).asDouble() > 0, phase + " in " + bench);
        }
        // 7x7 patches of a 28x28 image: 16 tokens, 4 visible; counted, not measured
        assertTrue(bench.get("model_forward_flops_per_sample").asLong() > 100_000, bench.toString());
        assertEquals(32 * 3 * bench.get("model_forward_flops_per_sample").asLong(),
                bench.get("model_flops_per_step").asLong());
        assertEquals(2, bench.get("framework_over_plain_ratio_per_round").size());
        assertTrue(bench.get("step_ms_p10").asDouble() <= bench.get("step_ms_p90").asDouble());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mae", "simclr"})
    void thePyTorchReferenceComputesSelfsupsLossOnSelfsupsWeights(String task) throws Exception {
        boolean torch = ReferenceCheck.available();
        String missing = "/usr/bin/python3 has no torch; bench/reference/install.sh installs it";
        assertTrue(torch || System.getenv("CI") == null, "CI installs the reference (.ci/run): " + missing);
        Assumptions.assumeTrue(torch, "skipped: " + missing);
        Path export = work.resolve("export-" + task);
        Path repo = Path.of(System.getProperty("selfsup.repo"));
        SelfSupProcess.Result result = task.equals("mae")
                ? SelfSupProcess.run(work, plugins, "bench", recipe.toString(), "--export-reference", export.toString())
                : SelfSupProcess.run(work, plugins, "bench", repo.resolve("recipes/fashion-simclr-quick.yaml").toString(),
                        "--set", "device=cpu", "--set", "data.dataset=mnist", "--set", "data.path=" + data,
                        "--set", "data.fetch=false", "--set", "encoder.widths=[4, 8]", "--set", "train.batch_size=16",
                        "--export-reference", export.toString());
        assertEquals(0, result.exitCode(), result.output());
        ReferenceCheck.Result check = ReferenceCheck.run(repo, task, export);
        System.out.println(check.output());
        assertTrue(check.passed(), check.output());
        assertTrue(check.output().contains("loss_after_one_step"), check.output());
    }
}
