package dev.selfsup.eval;

import java.util.List;

/**
 * One downstream probe: a classifier type and the label fractions it is trained on.
 *
 * @param type           {@value #LOGISTIC} or {@value #KNN}
 * @param k              number of neighbours for {@value #KNN} (ignored by {@value #LOGISTIC}, must still be positive)
 * @param labelFractions shares of the training labels to use, each in {@code (0, 1]}
 */
public record ProbeSpec(String type, int k, List<Double> labelFractions) {

    /** Multinomial logistic regression (Tribuo {@code LogisticRegressionTrainer}, default settings). */
    public static final String LOGISTIC = "logistic";
    /** k-nearest neighbours with L2 distance and majority vote (Tribuo {@code KNNTrainer}). */
    public static final String KNN = "knn";

    /** Validates the type, {@code k} and the fractions; copies the fraction list. */
    public ProbeSpec {
        checkType(type);
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        labelFractions = List.copyOf(labelFractions);
        if (labelFractions.isEmpty()) {
            throw new IllegalArgumentException("labelFractions is empty");
        }
        for (double fraction : labelFractions) {
            if (!(fraction > 0.0 && fraction <= 1.0)) {
                throw new IllegalArgumentException("label fraction must be in (0, 1], got " + fraction);
            }
        }
    }

    static void checkType(String type) {
        if (!LOGISTIC.equals(type) && !KNN.equals(type)) {
            throw new IllegalArgumentException(
                    "unknown probe type '" + type + "', expected " + LOGISTIC + " or " + KNN);
        }
    }
}
