package dev.selfsup.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.cli.SelfSupCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code selfsup soak} on a tiny run, sized for CI: it trains, then threads embed and classify with one model at
 * once and every answer equals the single-threaded one; the memory slopes are measured and written (their bound
 * is checked by the long soak in docs/reliability.md, not here: a timed memory target in CI would be noise).
 */
class LoadTest {

    @TempDir
    Path work;

    @Test
    void threadsSharingOneModelGetTheSingleThreadedAnswersAndMemoryIsMeasured() throws Exception {
        Path plugins = work.resolve("plugins");
        Installation.copyPluginsTo(plugins);
        Path recipe = TinyRuns.recipe(work);
        Path json = work.resolve("soak.json");
        int exit = SelfSupCommand.execute("soak", recipe.toString(), "--set", "output=" + work.resolve("runs"),
                "--set", "train.max_steps=120", "--set", "train.log_every=2", "--set", "evaluate.enabled=true",
                "--set", "evaluate.protocols=[{type: logistic}]", "--set", "evaluate.label_fractions=[1.0]",
                "--set", "evaluate.baselines=[]", "--serving-threads", "3", "--serving-seconds", "4",
                "--out", json.toString(), "--plugins", plugins.toString(), "--no-classpath-plugins");
        assertEquals(0, exit);
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        JsonNode serving = figures.get("serving");
        assertEquals(0, serving.get("answers_differing_from_single_thread").asLong(), serving.toString());
        assertEquals(1, serving.get("predicting_threads").asInt(), serving.toString());
        assertTrue(serving.get("calls").asLong() > 3, serving.toString());
        assertTrue(serving.has("rss_slope_mb_per_minute") && serving.has("native_slope_mb_per_minute"),
                serving.toString());
        JsonNode training = figures.get("training");
        assertEquals(120, training.get("steps").asLong(), training.toString());
        assertTrue(training.has("rss_slope_mb_per_1000_steps") && training.get("points").asInt() >= 40,
                training.toString());
    }
}
