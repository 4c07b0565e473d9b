package dev.selfsup.eval.protocols;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.data.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Multinomial logistic regression, {@code softmax(x W + b)}, fit by minimising the mean cross-entropy plus
 * {@code l2 / 2 · ||W||²} (the bias is not penalised) to convergence with {@link Lbfgs}. The objective and its
 * gradient are computed on the engine: the two matrix products with the data in float32, the features' own
 * precision, everything else (log-softmax, loss, penalty, sums) in float64. Prediction runs on the heap, so a
 * loaded model holds no native memory. Saved as JSON: class names, weights, bias and how it was fit.
 *
 * @param classNames the classes, by index
 * @param weights {@code [feature][class]}
 * @param bias per class
 * @param l2 the penalty it was fit with
 * @param iterations the L-BFGS iterations taken
 * @param converged whether L-BFGS stopped at a minimum rather than at its iteration limit
 */
record SoftmaxRegression(List<String> classNames, double[][] weights, double[] bias, double l2, int iterations,
                         boolean converged) implements ScaledFeatureProtocol.Model {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = ".softmax.json";

    /**
     * Fits the model.
     *
     * @param rows the training rows
     * @param l2 the penalty on the weights, at least 0
     * @param optimiser the optimiser
     * @param start weights and bias to start from, flattened as {@link #parameters()} lays them out, or
     *     {@code null} for zeros
     * @return the fit model
     */
    static SoftmaxRegression fit(LabelledFeatures rows, double l2, Lbfgs optimiser, double[] start) {
        int n = rows.rows();
        int width = rows.width();
        int classes = rows.classNames().size();
        double[] x = start == null ? new double[width * classes + classes] : start.clone();
        if (x.length != width * classes + classes) {
            throw new IllegalArgumentException("start has " + x.length + " values, the model "
                    + (width * classes + classes));
        }
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            NDArray features = manager.create(rows.features());
            NDArray oneHot = manager.create(rows.labels()).oneHot(classes).toType(DataType.FLOAT64, false);
            Lbfgs.Objective objective = (point, gradient) -> {
                try (NDManager scope = manager.newSubManager()) {
                    // results of an operation belong to its first operand's manager: lend the data to this
                    // evaluation's scope so that every intermediate is freed with it
                    scope.tempAttachAll(features, oneHot);
                    NDArray w = scope.create(point, new Shape(width * classes + classes));
                    NDArray weights = w.get("0:" + width * classes).reshape(width, classes);
                    NDArray bias = w.get(width * classes + ":");
                    // the two products with the data in float32 (the features' own precision, several times
                    // faster than float64 here), the rest in float64
                    NDArray logits = features.matMul(weights.toType(DataType.FLOAT32, false))
                            .toType(DataType.FLOAT64, false).add(bias);
                    NDArray logProbabilities = logits.logSoftmax(1);
                    double loss = -logProbabilities.mul(oneHot).sum().getDouble() / n
                            + 0.5 * l2 * weights.square().sum().getDouble();
                    NDArray error = logProbabilities.exp().sub(oneHot).div(n);
                    // (errorᵀ X)ᵀ rather than Xᵀ error: only the small matrices get transposed
                    NDArray weightGradient = error.toType(DataType.FLOAT32, false).transpose().matMul(features)
                            .transpose().toType(DataType.FLOAT64, false).add(weights.mul(l2));
                    NDArray biasGradient = error.sum(new int[] {0});
                    double[] flat = weightGradient.reshape(-1).concat(biasGradient).toDoubleArray();
                    System.arraycopy(flat, 0, gradient, 0, flat.length);
                    return loss;
                }
            };
            Lbfgs.Outcome outcome = optimiser.minimise(objective, x);
            double[][] weights = new double[width][classes];
            for (int f = 0; f < width; f++) {
                System.arraycopy(x, f * classes, weights[f], 0, classes);
            }
            double[] bias = java.util.Arrays.copyOfRange(x, width * classes, x.length);
            return new SoftmaxRegression(List.copyOf(rows.classNames()), weights, bias, l2, outcome.iterations(),
                    outcome.converged());
        }
    }

    /**
     * Returns the weights then the bias in one array, the layout {@link #fit} starts from.
     *
     * @return a new array
     */
    double[] parameters() {
        int classes = bias.length;
        double[] out = new double[weights.length * classes + classes];
        for (int f = 0; f < weights.length; f++) {
            System.arraycopy(weights[f], 0, out, f * classes, classes);
        }
        System.arraycopy(bias, 0, out, weights.length * classes, classes);
        return out;
    }

    /**
     * Returns class probabilities.
     *
     * @param rows feature rows
     * @return per row, per class
     */
    float[][] probabilities(float[][] rows) {
        int classes = bias.length;
        float[][] out = new float[rows.length][classes];
        double[] logits = new double[classes];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(bias, 0, logits, 0, classes);
            float[] row = rows[r];
            if (row.length != weights.length) {
                throw new IllegalArgumentException("row " + r + " has " + row.length + " features, the model "
                        + weights.length);
            }
            for (int f = 0; f < row.length; f++) {
                double value = row[f];
                if (value != 0) {
                    double[] w = weights[f];
                    for (int c = 0; c < classes; c++) {
                        logits[c] += value * w[c];
                    }
                }
            }
            double max = java.util.Arrays.stream(logits).max().orElse(0);
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                logits[c] = Math.exp(logits[c] - max);
                sum += logits[c];
            }
            for (int c = 0; c < classes; c++) {
                out[r][c] = (float) (logits[c] / sum);
            }
        }
        return out;
    }

    @Override
    public int[] predict(float[][] rows, LongConsumer progress) {
        int[] out = ClassProbabilities.argmax(probabilities(rows));
        progress.accept(rows.length);
        return out;
    }

    @Override
    public List<Map<String, Double>> scores(float[][] rows) {
        return ClassProbabilities.byClass(probabilities(rows), classNames);
    }

    @Override
    public Map<String, String> fitNotes() {
        return Map.of("l-bfgs", iterations + " iterations, " + (converged ? "converged" : "stopped at the limit"));
    }

    @Override
    public List<Path> save(Path saveAs) throws IOException {
        Path file = dev.selfsup.eval.ProtocolFiles.sibling(saveAs, FILE);
        byte[] json = JSON.writeValueAsBytes(this);
        AtomicFiles.write(file, temp -> Files.write(temp, json));
        return List.of(file);
    }

    /**
     * Reads a model {@link #save saved} under a base path.
     *
     * @param saveAs the base path
     * @return the model
     * @throws IOException if it cannot be read or is inconsistent
     */
    static SoftmaxRegression read(Path saveAs) throws IOException {
        Path file = dev.selfsup.eval.ProtocolFiles.sibling(saveAs, FILE);
        SoftmaxRegression model;
        try {
            model = JSON.readValue(file.toFile(), SoftmaxRegression.class);
        } catch (IOException e) {
            throw new IOException("cannot load the model " + file + ": " + e.getMessage(), e);
        }
        int classes = model.classNames() == null ? -1 : model.classNames().size();
        boolean consistent = classes > 0 && model.bias() != null && model.bias().length == classes
                && model.weights() != null && java.util.Arrays.stream(model.weights())
                .allMatch(w -> w != null && w.length == classes);
        if (!consistent) {
            throw new IOException(file + " is not a consistent logistic model (class names, weights and bias "
                    + "disagree in size)");
        }
        return model;
    }
}
