package dev.selfsup.eval.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.eval.LabelledFeatures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** L-BFGS against known minima, and the logistic probe's fit against the optimality conditions it must meet. */
class SoftmaxRegressionTest {

    @Test
    void lbfgsFindsTheMinimumOfAnIllConditionedQuadraticAndOfRosenbrock() {
        double[] scale = {1, 10, 100, 1000};
        double[] x = {1, 1, 1, 1};
        Lbfgs.Outcome quadratic = new Lbfgs(200, 1e-9).minimise((p, g) -> {
            double value = 0;
            for (int i = 0; i < p.length; i++) {
                double d = p[i] - i;
                value += 0.5 * scale[i] * d * d;
                g[i] = scale[i] * d;
            }
            return value;
        }, x);
        assertTrue(quadratic.converged());
        assertArrayEquals(new double[] {0, 1, 2, 3}, x, 1e-8);

        double[] r = {-1.2, 1.0};
        Lbfgs.Outcome rosenbrock = new Lbfgs(500, 1e-8).minimise((p, g) -> {
            double a = 1 - p[0];
            double b = p[1] - p[0] * p[0];
            g[0] = -2 * a - 400 * p[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        }, r);
        assertTrue(rosenbrock.converged(), rosenbrock.toString());
        assertArrayEquals(new double[] {1, 1}, r, 1e-5);
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(0, 1e-6));
    }

    @Test
    void theFitMeetsTheRegularisedOptimalityConditionsAndAStrongerPenaltyShrinksTheWeights() {
        LabelledFeatures rows = overlappingClasses(240, 5, new Random(3));
        double l2 = 0.01;
        SoftmaxRegression model = SoftmaxRegression.fit(rows, l2, new Lbfgs(1000, 1e-9), null);
        assertTrue(model.converged(), "iterations " + model.iterations());
        // the gradient of mean cross-entropy + l2/2 |W|^2, computed here on the heap, vanishes at the optimum
        float[][] p = model.probabilities(rows.features());
        int classes = rows.classNames().size();
        double[] biasGradient = new double[classes];
        double[][] weightGradient = new double[rows.width()][classes];
        for (int i = 0; i < rows.rows(); i++) {
            for (int c = 0; c < classes; c++) {
                double error = (p[i][c] - (rows.labels()[i] == c ? 1 : 0)) / rows.rows();
                biasGradient[c] += error;
                for (int f = 0; f < rows.width(); f++) {
                    weightGradient[f][c] += rows.features()[i][f] * error;
                }
            }
        }
        for (int c = 0; c < classes; c++) {
            assertEquals(0, biasGradient[c], 1e-6);
            for (int f = 0; f < rows.width(); f++) {
                assertEquals(0, weightGradient[f][c] + l2 * model.weights()[f][c], 1e-6, "feature " + f);
            }
        }
        SoftmaxRegression stronger = SoftmaxRegression.fit(rows, 1.0, new Lbfgs(1000, 1e-9), null);
        assertTrue(norm(stronger.weights()) < 0.5 * norm(model.weights()),
                norm(stronger.weights()) + " against " + norm(model.weights()));
        SoftmaxRegression warm = SoftmaxRegression.fit(rows, l2, new Lbfgs(1000, 1e-9), stronger.parameters());
        assertArrayEquals(model.parameters(), warm.parameters(), 1e-5, "a warm start reaches the same optimum");
    }

    @Test
    void savedModelsPredictTheSameAndInconsistentFilesAreRefused(@TempDir Path dir) throws IOException {
        LabelledFeatures rows = overlappingClasses(90, 3, new Random(4));
        SoftmaxRegression model = SoftmaxRegression.fit(rows, 1e-3, new Lbfgs(500, 1e-7), null);
        model.save(dir.resolve("probe"));
        SoftmaxRegression back = SoftmaxRegression.read(dir.resolve("probe"));
        assertArrayEquals(model.predict(rows.features(), done -> { }), back.predict(rows.features(), done -> { }));
        assertEquals(model.scores(rows.features()), back.scores(rows.features()));
        Path file = dir.resolve("probe.softmax.json");
        Files.writeString(file, Files.readString(file).replace("\"bias\":[", "\"bias\":[0.5,"));
        IOException error = assertThrows(IOException.class, () -> SoftmaxRegression.read(dir.resolve("probe")));
        assertTrue(error.getMessage().contains("probe.softmax.json"), error.getMessage());
    }

    /** Three classes whose Gaussian clouds overlap, so the unregularised optimum is finite but the penalty bites. */
    private static LabelledFeatures overlappingClasses(int n, int width, Random random) {
        float[][] features = new float[n][width];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int f = 0; f < width; f++) {
                features[i][f] = (float) (random.nextGaussian() + (f == labels[i] ? 1.0 : 0.0));
            }
        }
        return new LabelledFeatures(features, labels, List.of("a", "b", "c"));
    }

    private static double norm(double[][] weights) {
        double sum = 0;
        for (double[] row : weights) {
            for (double w : row) {
                sum += w * w;
            }
        }
        return Math.sqrt(sum);
    }
}
