package dev.selfsup.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;

class ProbeRunnerTest {

    private static final List<String> CLASSES = List.of("a", "b", "c");
    private static final int DIM = 16;

    private static FeatureTable blobsTrain;
    private static FeatureTable blobsTest;
    private static FeatureTable noiseTrain;
    private static FeatureTable noiseTest;

    private final ProbeRunner runner = new ProbeRunner();

    @BeforeAll
    static void makeData() {
        Random random = new Random(11);
        float[][] centres = new float[CLASSES.size()][DIM];
        for (float[] centre : centres) {
            for (int j = 0; j < DIM; j++) {
                centre[j] = (float) random.nextGaussian();
            }
        }
        blobsTrain = blobs(centres, 3000, random);
        blobsTest = blobs(centres, 1000, random);
        noiseTrain = noise(blobsTrain.labels(), random);
        noiseTest = noise(blobsTest.labels(), random);
    }

    /** Gaussian blobs around the centres, unit noise, classes in turn. */
    private static FeatureTable blobs(float[][] centres, int rows, Random random) {
        float[][] features = new float[rows][DIM];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % centres.length;
            for (int j = 0; j < DIM; j++) {
                features[i][j] = centres[labels[i]][j] + (float) random.nextGaussian();
            }
        }
        return new FeatureTable(features, labels, CLASSES);
    }

    /** A representation that carries no information about the labels. */
    private static FeatureTable noise(int[] labels, Random random) {
        float[][] features = new float[labels.length][DIM];
        for (float[] row : features) {
            for (int j = 0; j < DIM; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return new FeatureTable(features, labels, CLASSES);
    }

    @Test
    void logisticSeparatesBlobsAndNotNoise() {
        ProbeResult blobs = runner.run("pretrained", blobsTrain, blobsTest, ProbeSpec.LOGISTIC, 1, 1.0, 1, null);
        assertEquals(3000, blobs.trainExamples());
        assertEquals(1000, blobs.testExamples());
        assertTrue(blobs.accuracy() > 0.9, "accuracy " + blobs.accuracy());
        assertTrue(blobs.macroF1() > 0.9, "macro-F1 " + blobs.macroF1());
        assertNull(blobs.modelFile());

        ProbeResult noise = runner.run("random_encoder", noiseTrain, noiseTest, ProbeSpec.LOGISTIC, 1, 1.0, 1, null);
        assertTrue(Math.abs(noise.accuracy() - 1.0 / 3) < 0.08, "noise accuracy " + noise.accuracy());
    }

    @Test
    void knnSeparatesBlobsAndNotNoise() {
        ProbeSpec spec = new ProbeSpec(ProbeSpec.KNN, 10, List.of(0.1));
        ProbeResult blobs = runner.run("pretrained", blobsTrain, blobsTest, spec, 5, null).get(0);
        assertEquals(300, blobs.trainExamples());
        assertEquals(0.1, blobs.labelFraction());
        assertTrue(blobs.accuracy() > 0.9, "accuracy " + blobs.accuracy());

        ProbeResult noise = runner.run("raw", noiseTrain, noiseTest, spec, 5, null).get(0);
        assertTrue(Math.abs(noise.accuracy() - 1.0 / 3) < 0.08, "noise accuracy " + noise.accuracy());
    }

    @Test
    void savesModelWithProvenance(@TempDir Path dir) throws Exception {
        ProbeResult result = runner.run("pretrained", blobsTrain, blobsTest, ProbeSpec.LOGISTIC, 1, 0.01, 3, dir);
        assertEquals(30, result.trainExamples());
        Path file = dir.resolve("logistic-pretrained-f0.01.tribuo");
        assertEquals(file.toString(), result.modelFile());
        assertTrue(Files.size(file) > 0);
        try (var listing = Files.list(dir)) {
            assertEquals(2, listing.count(), "the model and its standardiser, no temporary files left behind");
        }
        Standardizer statistics = Standardizer.read(ProbeFiles.standardizerFile(file));
        assertEquals(blobsTrain.width(), statistics.means().length);
        Model<?> model = Model.deserializeFromFile(file);
        String source = model.getProvenance().getDatasetProvenance().getSourceProvenance().toString();
        assertTrue(source.contains("representation=pretrained"), source);
        assertTrue(source.contains("split=train"), source);
        assertTrue(source.contains("labelFraction=0.01"), source);
    }

    @Test
    void rejectsMismatchedTablesAndUnknownProbes() {
        FeatureTable otherClasses = new FeatureTable(blobsTest.features(), blobsTest.labels(), List.of("x", "y", "z"));
        assertThrows(IllegalArgumentException.class,
                () -> runner.run("raw", blobsTrain, otherClasses, ProbeSpec.LOGISTIC, 1, 1.0, 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> runner.run("raw", blobsTrain, blobsTest, "svm", 1, 1.0, 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureTable(new float[][] {{1f}, {2f, 3f}}, new int[] {0, 1}, CLASSES));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureTable(new float[][] {{1f}}, new int[] {3}, CLASSES));
    }
}
