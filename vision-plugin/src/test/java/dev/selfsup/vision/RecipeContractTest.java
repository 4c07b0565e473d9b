package dev.selfsup.vision;

import dev.selfsup.SelfSup;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.run.RunResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recipe side of API 0.2 with the real vision extensions on the class path: named encoders, several views,
 * and what does not fit together refused with file, line and key; then a named-encoder two-view run.
 */
class RecipeContractTest {

    @TempDir
    static Path work;

    private static SelfSup selfsup;

    private static final String ENCODER = "{type: vit, image: 28, patch: 7, dim: 16, depth: 1, heads: 2}";

    @BeforeAll
    static void start() throws Exception {
        SyntheticIdx.write(work.resolve("idx"), 200, 60, 3);
        selfsup = SelfSup.builder().optThreads(1).optOutput(new PrintStream(OutputStream.nullOutputStream()), false).build();
    }

    @AfterAll
    static void stop() {
        selfsup.close();
    }

    private static String recipe(String model) {
        return """
                name: contract
                seed: 3
                device: cpu
                output: %s
                data: {dataset: mnist, path: %s, fetch: false}
                pretext: {task: mae, decoder: {dim: 16, depth: 1, heads: 2}}
                train: {max_steps: 6, batch_size: 20, log_every: 3}
                evaluate: {label_fractions: [1.0], protocols: [{type: logistic}], baselines: [raw]}
                %s
                """.formatted(work.resolve("runs"), work.resolve("idx"), model);
    }

    private static List<RecipeProblem> problems(String model) {
        return assertThrows(RecipeException.class, () -> selfsup.validateText(recipe(model), List.of())).problems();
    }

    private static RecipeProblem problem(List<RecipeProblem> problems, String key) {
        return problems.stream().filter(p -> p.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem for " + key + " in " + problems));
    }

    @Test
    void aNamedEncoderAndTwoViewsAreAccepted() {
        ValidatedRecipe recipe = selfsup.validateText(recipe("encoders: {image: " + ENCODER + "}\n"
                + "views: [{augment: [{type: random_shift, max_pixels: 2}]}, {augment: []}]"), List.of());
        assertEquals(List.of("image"), List.copyOf(recipe.encoders().keySet()));
        assertEquals("image", recipe.primaryEncoder());
        assertEquals(2, recipe.views().size());
        assertEquals("random_shift", recipe.views().get(0).get(0).provider().name());
        assertTrue(recipe.views().get(1).isEmpty());
    }

    @Test
    void encoderAndEncodersTogetherAreRefused() {
        RecipeProblem p = problem(problems("encoder: " + ENCODER + "\nencoders: {image: " + ENCODER + "}"),
                "encoders");
        assertEquals(10, p.location().line());
        assertTrue(p.message().contains("not both"), p.message());
    }

    @Test
    void augmentAndViewsTogetherAreRefused() {
        RecipeProblem p = problem(problems("encoder: " + ENCODER + "\naugment: [{type: random_shift}]\n"
                + "views: [{augment: []}]"), "views");
        assertEquals(11, p.location().line());
        assertTrue(p.message().contains("move augment: into each view"), p.message());
    }

    @Test
    void aSingleEncoderTaskGivenTwoEncodersIsRefusedNamingThem() {
        RecipeProblem p = problem(problems("encoders: {a: " + ENCODER + ", b: " + ENCODER + "}"), "pretext.task");
        assertEquals("task 'mae' trains one encoder; the recipe names [a, b]", p.message());
    }

    @Test
    void aBadEncoderNameAndAnUnknownEvaluatedEncoderAreRefused() {
        assertTrue(problem(problems("encoders: {Image: " + ENCODER + "}"), "encoders.Image").message()
                .contains("lower case"));
        assertTrue(problem(assertThrows(RecipeException.class, () -> selfsup.validateText(
                recipe("encoders: {image: " + ENCODER + "}"), List.of("evaluate.encoder=text"))).problems(),
                "evaluate.encoder").message().contains("no encoder named 'text'; the recipe has [image]"));
    }

    @Test
    void anUnknownProtocolListsTheKnownOnesWithLineAndTwoOfOneTypeAreNamedApart() {
        List<RecipeProblem> problems = assertThrows(RecipeException.class, () -> selfsup.validateText(
                recipe("encoder: " + ENCODER), List.of("evaluate.protocols=[{type: logistic}, {type: svm}]")))
                .problems();
        RecipeProblem p = problem(problems, "evaluate.protocols[1].type");
        assertTrue(p.message().contains("unknown evaluation protocol 'svm'; known: cart, fine_tune, knn, liblinear, libsvm, "
                + "linear_sgd, logistic, mlp, tribuo, xgboost"), p.message());
        assertTrue(p.location().toString().contains("evaluate.protocols="), "names the --set: " + p.location());

        ValidatedRecipe recipe = selfsup.validateText(recipe("encoder: " + ENCODER), List.of(
                "evaluate.protocols=[{type: knn, k: 10}, {type: knn, k: 20, distance: l2}, {type: logistic}]"));
        assertEquals(List.of("knn-k10-cosine", "knn-k20-l2", "logistic"),
                recipe.protocols().stream().map(ValidatedRecipe.Protocol::name).toList());
        List<RecipeProblem> twins = assertThrows(RecipeException.class, () -> selfsup.validateText(
                recipe("encoder: " + ENCODER), List.of("evaluate.protocols=[{type: knn}, {type: knn}]"))).problems();
        assertTrue(twins.get(0).message().contains("two protocols are named 'knn'"), twins.toString());
    }

    @Test
    void aViewWithAnUnknownAugmentationIsReportedWithItsLine() {
        RecipeProblem p = problem(problems("encoder: " + ENCODER + "\nviews:\n  - augment: [{type: blur}]"),
                "views[0].augment[0].type");
        assertEquals(11, p.location().line());
        assertTrue(p.message().contains("unknown augmentation 'blur'"), p.message());
    }

    @Test
    void aNamedEncoderTwoViewRunTrainsSavesAndEvaluatesItsEncoder() throws Exception {
        RunResult result = selfsup.run(selfsup.validateText(recipe("encoders: {image: " + ENCODER + "}\n"
                + "views: [{augment: [{type: random_shift, max_pixels: 2}]}, {augment: [{type: random_shift}]}]"),
                List.of()));
        assertEquals(6, result.training().steps());
        Path encoder = result.folder().root().resolve("encoders/image");
        assertTrue(Files.isRegularFile(encoder.resolve("encoder.params")), "the named encoder is saved by name");
        assertTrue(Files.notExists(result.folder().root().resolve("encoder")));
        assertTrue(result.report() != null && Files.isRegularFile(result.folder().reportJson()));
        String resolved = Files.readString(result.folder().resolvedRecipe());
        assertTrue(resolved.contains("encoders:") && resolved.contains("views:"), resolved);
        assertTrue(resolved.lines().noneMatch(l -> l.startsWith("encoder:") || l.startsWith("augment:")),
                "only the alternatives the recipe gave: " + resolved);
        // the resolved recipe validates again, as resume needs
        selfsup.validate(result.folder().resolvedRecipe(), List.of());
    }
}
