package dev.selfsup.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.Image;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.api.eval.ClassificationMetrics;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.api.eval.ProtocolInput;
import dev.selfsup.api.eval.ProtocolResult;
import dev.selfsup.api.eval.SampleClassifier;
import dev.selfsup.api.eval.TrainableRepresentation;
import dev.selfsup.embed.EmbeddingModel;
import dev.selfsup.eval.LabelSubsets;
import dev.selfsup.eval.MeanPoolingHeadProvider;
import dev.selfsup.eval.protocols.FineTuneProtocolProvider;
import dev.selfsup.eval.protocols.LogisticProtocolProvider;
import dev.selfsup.recipe.RecipeSchema;
import dev.selfsup.vision.encoder.VitEncoderProvider;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning trains the encoder itself: on a task that a random encoder's pooled features hardly show (which half
 * of the image holds a small bright square), it beats the frozen linear probe on the same encoder and labels, and
 * its saved model classifies samples again.
 */
class FineTuneTest {

    private static final List<String> CLASSES = List.of("left", "right");

    private static SampleSource squares(int count, long seed) {
        Random random = new Random(seed);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int label = i % 2;
            float[] pixels = new float[28 * 28];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = 0.1f * random.nextFloat();
            }
            int x0 = label * 14 + random.nextInt(8);
            int y0 = random.nextInt(22);
            for (int y = y0; y < y0 + 6; y++) {
                for (int x = x0; x < x0 + 6; x++) {
                    pixels[y * 28 + x] = 1f;
                }
            }
            samples.add(Sample.labelled(Sample.IMAGE, new Image(1, 28, 28, pixels), label));
        }
        return new SampleSource() {
            @Override
            public int size() {
                return samples.size();
            }

            @Override
            public Sample get(int index) {
                return samples.get(index);
            }

            @Override
            public List<String> classNames() {
                return CLASSES;
            }
        };
    }

    private static Settings settings(EvaluationProtocolProvider provider, Map<String, Object> values) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>(values);
        entry.put("type", provider.name());
        List<RecipeProblem> problems = new ArrayList<>();
        Settings validated = RecipeSchema.PROTOCOL.merge(provider.schema()).validate(Settings.of(entry), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        return validated;
    }

    private static LabelledFeatures features(Encoder encoder, DownstreamHead head, NDManager manager,
                                             SampleSource source) {
        float[][] rows = EmbeddingModel.embed(encoder, head, manager, 100, source.size(), source::get);
        int[] labels = IntStream.range(0, source.size()).map(source::label).toArray();
        return new LabelledFeatures(rows, labels, CLASSES);
    }

    @Test
    void fineTuningBeatsTheFrozenLinearProbeAndItsModelLoadsBack(@TempDir Path dir) throws Exception {
        Engine.getInstance().setRandomSeed(5);
        VitEncoderProvider vit = new VitEncoderProvider();
        Settings encoderSettings = vit.schema().validate(Settings.of(Map.of("image", 28, "patch", 7, "dim", 24,
                "depth", 2, "heads", 2)), new ArrayList<>());
        DownstreamHead head = new MeanPoolingHeadProvider().create(Settings.of(Map.of("with_max", false)));
        SampleSource train = squares(320, 1);
        SampleSource test = squares(300, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            Encoder encoder = vit.create(encoderSettings);
            encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(1));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                encoder.block().saveParameters(out);
            }
            byte[] weights = bytes.toByteArray();
            LabelledFeatures labelled = features(encoder, head, manager, train);
            LabelledFeatures testFeatures = features(encoder, head, manager, test);
            int[] validation = LabelSubsets.validationSplit(labelled.labels(), 0.2, 3);
            int[] fit = IntStream.range(0, labelled.rows()).filter(i -> Arrays.binarySearch(validation, i) < 0)
                    .toArray();
            int[] all = IntStream.range(0, train.size()).toArray();
            TrainableRepresentation trainable = new TrainableRepresentation() {
                @Override
                public Encoder copyEncoder(NDManager copyManager) {
                    Encoder copy = vit.create(encoderSettings);
                    copy.block().initialize(copyManager, DataType.FLOAT32, copy.inputShapes(1));
                    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
                        copy.block().loadParameters(copyManager, in);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return copy;
                }

                @Override
                public DownstreamHead head() {
                    return head;
                }

                @Override
                public SampleSource train() {
                    return train;
                }

                @Override
                public int[] labelledRows() {
                    return all;
                }

                @Override
                public int[] fitRows() {
                    return fit;
                }

                @Override
                public int[] validationRows() {
                    return validation;
                }

                @Override
                public SampleSource test() {
                    return test;
                }

                @Override
                public List<Augmentation> augmentations() {
                    return List.of();
                }

                @Override
                public Path workDirectory() {
                    return dir.resolve("work");
                }
            };
            ProtocolInput input = ProtocolInput.builder().setRepresentation("random_encoder").setLabelled(labelled)
                    .setTest(testFeatures).optValidation(labelled.select(fit), labelled.select(validation))
                    .optSeed(11).optTrainable(trainable).optSaveAs(dir.resolve("tuned")).build();

            ProtocolResult frozen = new LogisticProtocolProvider().create(settings(new LogisticProtocolProvider(),
                    Map.of())).evaluate(input);
            FineTuneProtocolProvider provider = new FineTuneProtocolProvider();
            ProtocolResult tuned = provider.create(settings(provider, Map.of("epochs", 40, "patience", 40,
                    "batch_size", 32, "lr", 1e-3, "weight_decay", 0.0, "augment", false))).evaluate(input);
            double frozenAccuracy = frozen.metrics().get(ClassificationMetrics.ACCURACY);
            double tunedAccuracy = tuned.metrics().get(ClassificationMetrics.ACCURACY);
            assertTrue(tunedAccuracy > frozenAccuracy + 0.05, "fine-tuned " + tunedAccuracy + " against frozen "
                    + frozenAccuracy);
            assertTrue(tuned.choices().get("early_stopping").contains("best validation accuracy"),
                    tuned.choices().toString());
            assertTrue(Files.exists(dir.resolve("work/checkpoints")), "fine-tuning checkpoints in its work folder");

            try (SampleClassifier loaded = provider.create(settings(provider, Map.of())).loadWithEncoder(
                    dir.resolve("tuned"), vit.create(encoderSettings), head).orElseThrow()) {
                List<Sample> samples = IntStream.range(0, test.size()).mapToObj(test::get).toList();
                List<Map<String, Double>> scores = loaded.scores(samples);
                long correct = IntStream.range(0, samples.size()).filter(i -> scores.get(i).keySet().iterator()
                        .next().equals(CLASSES.get(test.label(i)))).count();
                assertEquals(tunedAccuracy, (double) correct / samples.size(), 1e-9,
                        "the saved model predicts as the evaluated one");
            }
        }
    }
}
