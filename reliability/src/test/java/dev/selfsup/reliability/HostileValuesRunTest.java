package dev.selfsup.reliability;

import dev.selfsup.SelfSup;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The other half of recipe fuzzing: hostile values that pass validation must also run, or fail cleanly. Every
 * numeric key of a tiny recipe is set to extreme values; a value validation accepts is then run for real (stopped
 * after three steps), and must train or stop with an error of the framework's kinds (a diverged loss, a data or
 * recipe error, a full heap naming the setting): never a bare programming exception, a hang or a crash.
 */
class HostileValuesRunTest {

    /** Keys of the tiny recipe, each set to every value below. */
    private static final List<String> KEYS = List.of("seed", "threads", "encoder.dim", "encoder.depth",
            "encoder.heads", "encoder.patch", "pretext.mask_ratio", "pretext.decoder.dim", "train.batch_size",
            "train.max_steps", "train.log_every", "train.optimizer.lr", "train.optimizer.weight_decay",
            "train.schedule.warmup_steps", "train.checkpoint.every_steps", "train.checkpoint.keep",
            "train.gradient_clip");

    private static final List<String> VALUES = List.of("0", "-1", "1", "0.5", "1.0e308", "1e-320", ".nan", ".inf",
            "2147483647", "9223372036854775807", "1000000");

    @TempDir
    static Path work;

    private static SelfSup selfsup;
    private static Path recipe;
    private static final Map<String, Integer> OUTCOMES = new TreeMap<>();

    @BeforeAll
    static void open() throws IOException {
        Path plugins = work.resolve("plugins");
        Installation.copyPluginsTo(plugins);
        recipe = TinyRuns.recipe(work);
        selfsup = Installation.framework(plugins)
                .addMetricsListener(record -> {
                    if (((Number) record.get("step")).longValue() >= 3) {
                        selfsup.requestStop("three steps are enough for this test");
                    }
                }).build();
    }

    @AfterAll
    static void close() {
        System.out.println("hostile values: " + OUTCOMES);
        if (selfsup != null) {
            selfsup.close();
        }
    }

    @TestFactory
    List<DynamicTest> everyAcceptedValueRunsOrFailsCleanly() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String key : KEYS) {
            tests.add(DynamicTest.dynamicTest(key, () -> {
                for (String value : VALUES) {
                    check(key, value);
                }
            }));
        }
        return tests;
    }

    private static void check(String key, String value) {
        String what = key + "=" + value;
        Ledger.badInput("hostile values run");
        List<String> overrides = List.of(what, "output=" + work.resolve("runs"));
        AtomicReference<String> outcome = new AtomicReference<>();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try {
                var validated = selfsup.validate(recipe, overrides);
                try {
                    selfsup.run(validated);
                    outcome.set("ran");
                } catch (RecipeException e) {
                    outcome.set("refused when run: " + e.getClass().getSimpleName());
                    assertLocated(e, what);
                } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                    assertFalse(Failures.isProgrammingError(e), what + ": " + e);
                    assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), what + ": no message: " + e);
                    outcome.set("failed cleanly: " + e.getClass().getSimpleName());
                }
            } catch (RecipeException e) {
                assertLocated(e, what);
                outcome.set("refused by validation");
            }
        }, what + ": hung");
        synchronized (OUTCOMES) {
            OUTCOMES.merge(outcome.get(), 1, Integer::sum);
        }
    }

    private static void assertLocated(RecipeException e, String what) {
        for (RecipeProblem problem : e.problems()) {
            assertFalse(problem.key().isBlank(), what + ": " + problem);
            assertFalse(problem.location().file().isBlank(), what + ": " + problem);
        }
    }
}
