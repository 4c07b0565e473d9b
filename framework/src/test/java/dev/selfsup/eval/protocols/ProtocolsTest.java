package dev.selfsup.eval.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.eval.ClassificationMetrics;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.FeatureClassifier;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.api.eval.ProtocolInput;
import dev.selfsup.api.eval.ProtocolResult;
import dev.selfsup.eval.LabelSubsets;
import dev.selfsup.recipe.RecipeSchema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tribuo.Model;

/** Every built-in protocol on Gaussian blobs (separable) and on noise (not), saved and loaded back. */
class ProtocolsTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");
    private static final int DIM = 16;

    private static LabelledFeatures blobsTrain;
    private static LabelledFeatures blobsTest;
    private static LabelledFeatures noiseTrain;
    private static LabelledFeatures noiseTest;

    @BeforeAll
    static void makeData() {
        Random random = new Random(11);
        float[][] centres = new float[CLASSES.size()][DIM];
        for (float[] centre : centres) {
            for (int j = 0; j < DIM; j++) {
                centre[j] = (float) random.nextGaussian();
            }
        }
        blobsTrain = blobs(centres, 300, random);
        blobsTest = blobs(centres, 600, random);
        noiseTrain = noise(blobsTrain.labels(), random);
        noiseTest = noise(blobsTest.labels(), random);
    }

    /** Gaussian blobs around the centres, unit noise, classes in turn, one dimension on a large offset scale. */
    private static LabelledFeatures blobs(float[][] centres, int rows, Random random) {
        float[][] features = new float[rows][DIM];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % centres.length;
            for (int j = 0; j < DIM; j++) {
                features[i][j] = centres[labels[i]][j] + (float) random.nextGaussian();
            }
            features[i][0] = 100 + 5 * features[i][0];
        }
        return new LabelledFeatures(features, labels, CLASSES);
    }

    /** A representation that carries no information about the labels. */
    private static LabelledFeatures noise(int[] labels, Random random) {
        float[][] features = new float[labels.length][DIM];
        for (float[] row : features) {
            for (int j = 0; j < DIM; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return new LabelledFeatures(features, labels, CLASSES);
    }

    static Stream<Arguments> protocols() {
        return Stream.of(
                Arguments.of(new LogisticProtocolProvider(), Map.of()),
                Arguments.of(new LinearSgdProtocolProvider(), Map.of("loss", "hinge", "optimiser", "adam",
                        "lr", 0.01, "epochs", 20)),
                Arguments.of(new KnnProtocolProvider(), Map.of("k", 10)),
                Arguments.of(new KnnProtocolProvider(), Map.of("k", 10, "distance", "l2")),
                Arguments.of(new LibLinearProtocolProvider(), Map.of()),
                Arguments.of(new LibSvmProtocolProvider(), Map.of()),
                Arguments.of(new XgboostProtocolProvider(), Map.of("trees", 20, "threads", 1)),
                Arguments.of(new CartProtocolProvider(), Map.of("max_depth", 6)),
                Arguments.of(new MlpProbeProvider(), Map.of("hidden", 32, "epochs", 40, "patience", 8)));
    }

    /** Validates an entry as a recipe would: the reserved keys plus the provider's, defaults filled. */
    static Settings settings(EvaluationProtocolProvider provider, Map<String, Object> values) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>(values);
        entry.put("type", provider.name());
        List<RecipeProblem> problems = new ArrayList<>();
        Settings validated = RecipeSchema.PROTOCOL.merge(provider.schema()).validate(Settings.of(entry), problems);
        if (!problems.isEmpty()) {
            throw new RecipeException(problems);
        }
        return validated;
    }

    static ProtocolInput input(LabelledFeatures labelled, LabelledFeatures test, Path saveAs) {
        int[] validation = LabelSubsets.validationSplit(labelled.labels(), 0.2, 5);
        int[] fit = IntStream.range(0, labelled.rows()).filter(i -> Arrays.binarySearch(validation, i) < 0)
                .toArray();
        ProtocolInput.Builder builder = ProtocolInput.builder().setRepresentation("pretrained")
                .setLabelled(labelled).setTest(test).optValidation(labelled.select(fit), labelled.select(validation))
                .optSeed(7);
        if (saveAs != null) {
            builder.optSaveAs(saveAs);
        }
        return builder.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("protocols")
    void separatesBlobsNotNoiseAndLoadsBack(EvaluationProtocolProvider provider, Map<String, Object> values,
                                            @TempDir Path dir) throws Exception {
        EvaluationProtocol protocol = provider.create(settings(provider, values));
        ProtocolResult blobs = protocol.evaluate(input(blobsTrain, blobsTest, dir.resolve("model")));
        assertEquals(ClassificationMetrics.ACCURACY, blobs.headline());
        double accuracy = blobs.metrics().get(ClassificationMetrics.ACCURACY);
        assertTrue(accuracy > 0.85, provider.name() + " on blobs: " + accuracy);
        assertTrue(blobs.metrics().get(ClassificationMetrics.MACRO_F1) > 0.85, blobs.metrics().toString());

        ProtocolResult noise = protocol.evaluate(input(noiseTrain, noiseTest, null));
        double chance = noise.metrics().get(ClassificationMetrics.ACCURACY);
        assertTrue(Math.abs(chance - 1.0 / 3) < 0.1, provider.name() + " on noise: " + chance);
        assertTrue(noise.savedFiles().isEmpty());

        assertFalse(blobs.savedFiles().isEmpty());
        for (Path file : blobs.savedFiles()) {
            assertTrue(Files.size(file) > 0, file.toString());
        }
        FeatureClassifier loaded = protocol.load(dir.resolve("model")).orElseThrow();
        List<Map<String, Double>> scores = loaded.scores(blobsTest.features());
        int agree = 0;
        for (int i = 0; i < scores.size(); i++) {
            String best = scores.get(i).keySet().iterator().next();
            agree += best.equals(CLASSES.get(blobsTest.labels()[i])) ? 1 : 0;
            List<Double> values1 = new ArrayList<>(scores.get(i).values());
            for (int c = 1; c < values1.size(); c++) {
                assertTrue(values1.get(c - 1) >= values1.get(c), "scores highest first: " + scores.get(i));
            }
        }
        assertEquals(accuracy, (double) agree / scores.size(), 1e-9,
                "the loaded model predicts as the evaluated one did");
    }

    @Test
    void standardisationIsChosenOnValidationAndSavedWithTheModel(@TempDir Path dir) throws Exception {
        EvaluationProtocol sgd = new LinearSgdProtocolProvider().create(settings(new LinearSgdProtocolProvider(),
                Map.of()));
        ProtocolResult result = sgd.evaluate(input(blobsTrain, blobsTest, dir.resolve("m")));
        String choice = result.choices().get("standardize");
        assertTrue(choice.startsWith("true") || choice.startsWith("false"), choice);
        assertTrue(choice.contains("validation accuracy"), choice);
        assertEquals(choice.startsWith("true"), Files.exists(dir.resolve("m.standardizer.json")));
        Model<?> model = Model.deserializeFromFile(dir.resolve("m.tribuo"));
        String source = model.getProvenance().getDatasetProvenance().getSourceProvenance().toString();
        assertTrue(source.contains("representation=pretrained"), source);
        assertTrue(model.getProvenance().getTrainerProvenance().toString().contains("LinearSGDTrainer"));

        ProtocolResult fixed = new LinearSgdProtocolProvider().create(settings(new LinearSgdProtocolProvider(),
                Map.of("standardize", "false"))).evaluate(input(blobsTrain, blobsTest, null));
        assertFalse(fixed.choices().containsKey("standardize"), "a fixed setting is not a choice");
    }

    @Test
    void logisticChoosesItsPenaltyAndScalingOnValidationAndReportsConvergence(@TempDir Path dir) throws Exception {
        EvaluationProtocol logistic = new LogisticProtocolProvider().create(settings(new LogisticProtocolProvider(),
                Map.of()));
        ProtocolResult result = logistic.evaluate(input(blobsTrain, blobsTest, dir.resolve("m")));
        String penalty = result.choices().get("l2");
        assertTrue(penalty.contains("validation accuracy") && penalty.contains("at 0.1,")
                && penalty.contains("at 0.000001"), penalty);
        assertTrue(result.choices().get("standardize").contains("validation accuracy"), result.choices().toString());
        assertTrue(result.choices().get("l-bfgs").endsWith("converged"), result.choices().toString());
        assertTrue(Files.exists(dir.resolve("m.softmax.json")));

        ProtocolResult fixed = new LogisticProtocolProvider().create(settings(new LogisticProtocolProvider(),
                Map.of("l2", List.of(0.01), "standardize", "true"))).evaluate(input(blobsTrain, blobsTest, null));
        assertEquals(Map.of("l-bfgs", fixed.choices().get("l-bfgs")), fixed.choices(), "fixed settings are no choice");

        ProtocolResult blind = new LogisticProtocolProvider().create(settings(new LogisticProtocolProvider(),
                Map.of())).evaluate(ProtocolInput.builder().setRepresentation("raw").setLabelled(blobsTrain)
                .setTest(blobsTest).build());
        assertEquals("0.0001 (no validation rows to decide on)", blind.choices().get("l2"));
    }

    @Test
    void knnAgreesWithTribuosBruteForceKnn(@TempDir Path dir) throws Exception {
        for (String distance : List.of("cosine", "l2")) {
            org.tribuo.Model<org.tribuo.classification.Label> tribuo = new org.tribuo.common.nearest.KNNTrainer<>(7,
                    distance.equals("cosine") ? new org.tribuo.math.distance.CosineDistance()
                            : new org.tribuo.math.distance.L2Distance(), 1,
                    new org.tribuo.classification.ensemble.VotingCombiner(),
                    org.tribuo.common.nearest.KNNModel.Backend.THREADPOOL,
                    org.tribuo.math.neighbour.NeighboursQueryFactoryType.BRUTE_FORCE)
                    .train(dev.selfsup.eval.TribuoData.dataset(noiseTrain.features(), noiseTrain.labels(), CLASSES,
                            "noise"));
            List<org.tribuo.Prediction<org.tribuo.classification.Label>> expected = tribuo.predict(
                    dev.selfsup.eval.TribuoData.unlabelled(noiseTest.features()));
            EvaluationProtocol ours = new KnnProtocolProvider().create(settings(new KnnProtocolProvider(),
                    Map.of("k", 7, "distance", distance, "standardize", "false")));
            Path saveAs = dir.resolve("knn-" + distance);
            ours.evaluate(ProtocolInput.builder().setRepresentation("raw").setLabelled(noiseTrain).setTest(noiseTest)
                    .optSaveAs(saveAs).build());
            List<Map<String, Double>> scores = ours.load(saveAs).orElseThrow().scores(noiseTest.features());
            // on noise, 7 neighbours among 3 classes tie often: Tribuo breaks ties by label order, selfsup by
            // distance; every query whose vote has a clear winner must agree
            int clear = 0;
            for (int i = 0; i < scores.size(); i++) {
                List<Double> votes = expected.get(i).getOutputScores().values().stream()
                        .map(org.tribuo.classification.Label::getScore).sorted(java.util.Comparator.reverseOrder())
                        .toList();
                if (votes.size() == 1 || votes.get(0) > votes.get(1)) {
                    clear++;
                    assertEquals(expected.get(i).getOutput().getLabel(), scores.get(i).keySet().iterator().next(),
                            distance + ", query " + i);
                }
            }
            assertTrue(clear > scores.size() / 2, distance + ": " + clear + " clear votes");
        }
    }

    @Test
    void knnUsesAtMostTheLabelledRowsPerClassAndSaysSo() {
        LabelledFeatures few = blobsTrain.select(new int[] {0, 1, 2, 3, 4, 5});
        ProtocolResult result = new KnnProtocolProvider().create(settings(new KnnProtocolProvider(),
                Map.of("k", 20))).evaluate(ProtocolInput.builder().setRepresentation("raw").setLabelled(few)
                .setTest(blobsTest).build());
        assertTrue(result.choices().get("k").startsWith("2 "), result.choices().toString());
        assertTrue(result.choices().get("standardize").contains("no validation rows"), result.choices().toString());
    }

    @Test
    void anyTribuoTrainerFromAConfigurationFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("trainer.xml");
        Files.writeString(config, """
                <?xml version="1.0" encoding="UTF-8"?>
                <config>
                    <component name="cart" type="org.tribuo.classification.dtree.CARTClassificationTrainer">
                        <property name="maxDepth" value="5"/>
                    </component>
                </config>
                """);
        Path recipe = dir.resolve("recipe.yaml");
        Files.writeString(recipe, "evaluate: {}\n");
        Settings entry = Settings.builder("evaluate.protocols[0]", new dev.selfsup.api.SourceLocation(
                        recipe.toString(), 3, 7))
                .put("type", "tribuo", new dev.selfsup.api.SourceLocation(recipe.toString(), 3, 7))
                .put("file", "trainer.xml", new dev.selfsup.api.SourceLocation(recipe.toString(), 3, 20))
                .put("trainer", "cart", new dev.selfsup.api.SourceLocation(recipe.toString(), 3, 40)).build();
        TribuoConfigProtocolProvider provider = new TribuoConfigProtocolProvider();
        List<RecipeProblem> problems = new ArrayList<>();
        Settings validated = RecipeSchema.PROTOCOL.merge(provider.schema()).validate(entry, problems);
        assertTrue(problems.isEmpty(), problems.toString());
        ProtocolResult result = provider.create(validated).evaluate(input(blobsTrain, blobsTest, dir.resolve("t")));
        assertTrue(result.metrics().get(ClassificationMetrics.ACCURACY) > 0.8, result.metrics().toString());
        Model<?> model = Model.deserializeFromFile(dir.resolve("t.tribuo"));
        assertTrue(model.getProvenance().getTrainerProvenance().toString().contains("maxDepth"),
                "the configured trainer's provenance is kept");

        Settings missing = validated.with("trainer", "nothing", validated.location("trainer"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> provider.create(missing)
                .evaluate(input(blobsTrain, blobsTest, null)));
        assertTrue(e.getMessage().contains("nothing"), e.getMessage());
    }
}
