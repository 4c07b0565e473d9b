package dev.selfsup.recipe;

import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.plugin.ExtensionRegistry;
import dev.selfsup.plugin.PluginRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The framework's validation of whole recipes: its own keys plus extension names, all reported at once. */
class RecipeValidatorTest {

    @TempDir
    Path dir;

    private static ExtensionRegistry classpathOnly() {
        try (PluginRuntime runtime = PluginRuntime.builder().build()) {
            return runtime.registry();
        }
    }

    private List<RecipeProblem> problems(String yaml) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        var loaded = new RecipeLoader(Map.of()).load(file, List.of());
        RecipeException e = assertThrows(RecipeException.class, () -> new RecipeValidator(classpathOnly()).validate(loaded));
        return e.problems();
    }

    private static RecipeProblem find(List<RecipeProblem> problems, String key) {
        return problems.stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem for " + key + " in " + problems));
    }

    @Test
    void reportsEveryProblemWithFileLineAndKey() throws IOException {
        List<RecipeProblem> problems = problems("""
                name: broken
                seed: -1
                device: tpu
                data: {dataset: imagenet}
                encoder: {type: vit}
                pretext: {task: mae}
                train:
                  epochs: many
                  batch_size: 0
                  optimiser: {lr: 0.1}
                evaluate:
                  protocols:
                    - {type: svm}
                  datasets:
                    - {dataset: cifar}
                augment:
                  - {type: blur}
                """);
        RecipeProblem seed = find(problems, "seed");
        assertEquals(2, seed.location().line());
        assertTrue(seed.location().file().endsWith("bad.yaml"));
        assertEquals(3, find(problems, "device").location().line());
        RecipeProblem dataset = find(problems, "data.dataset");
        assertEquals(4, dataset.location().line());
        assertTrue(dataset.message().contains("unknown dataset 'imagenet'"), dataset.message());
        assertTrue(find(problems, "encoder.type").message().contains("unknown encoder 'vit'"));
        assertTrue(find(problems, "pretext.task").message().contains("unknown pretext task 'mae'"));
        RecipeProblem epochs = find(problems, "train.epochs");
        assertEquals(8, epochs.location().line());
        assertTrue(epochs.message().contains("integer"), epochs.message());
        assertTrue(find(problems, "train.batch_size").message().contains("between"));
        RecipeProblem unknown = find(problems, "train.optimiser");
        assertEquals(10, unknown.location().line());
        assertTrue(unknown.message().contains("did you mean 'optimizer'"), unknown.message());
        RecipeProblem protocol = find(problems, "evaluate.protocols[0].type");
        assertEquals(13, protocol.location().line());
        assertTrue(protocol.message().contains("unknown evaluation protocol 'svm'"), protocol.message());
        RecipeProblem downstream = find(problems, "evaluate.datasets[0].dataset");
        assertEquals(15, downstream.location().line());
        assertTrue(downstream.message().contains("unknown dataset 'cifar'"), downstream.message());
        RecipeProblem augment = problems.stream().filter(p -> p.message().contains("unknown augmentation 'blur'"))
                .findFirst().orElseThrow(() -> new AssertionError(problems.toString()));
        assertEquals(17, augment.location().line());
        assertEquals("augment[0].type", augment.key());
    }

    @Test
    void aModelSectionThatIsNotAMappingIsReportedNotCrashedOn() throws IOException {
        List<RecipeProblem> problems = problems("""
                name: scalar
                data: {dataset: mnist}
                encoder: 5
                pretext: [mae]
                """);
        RecipeProblem encoder = find(problems, "encoder");
        assertEquals(3, encoder.location().line());
        assertTrue(encoder.message().contains("mapping"), encoder.message());
        assertEquals(4, find(problems, "pretext").location().line());
    }

    @Test
    void missingSelectorsAreRequired() throws IOException {
        List<RecipeProblem> problems = problems("""
                name: empty
                data: {}
                """);
        assertTrue(find(problems, "data.dataset").message().contains("missing required key"));
        assertEquals("the recipe needs encoder: {type: ...} or encoders: {<name>: {type: ...}, ...}",
                find(problems, "encoder").message());
        assertTrue(find(problems, "pretext.task").message().contains("missing required key"));
    }

    @Test
    void keepingTheBestModelNeedsValidationScoresNotTheTestSplit() throws IOException {
        RecipeProblem onTest = find(problems("""
                name: choose
                train:
                  held_out: {every_steps: 10, keep_best: true}
                """), "train.held_out.keep_best");
        assertEquals(3, onTest.location().line());
        assertTrue(onTest.message().contains("needs split: validation"), onTest.message());
        RecipeProblem never = find(problems("""
                name: choose
                train:
                  held_out: {split: validation, keep_best: true}
                """), "train.held_out.keep_best");
        assertTrue(never.message().contains("set every_steps"), never.message());
    }
}
