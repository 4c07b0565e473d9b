package dev.selfsup.api.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics every classification protocol reports, computed one way for all of them so that their figures
 * compare: {@value #ACCURACY} (the headline) and {@value #MACRO_F1}, the unweighted mean over the classes present
 * in the test labels of each class's F1 (a class never predicted has F1 0).
 */
public final class ClassificationMetrics {

    /** Share of test samples classified correctly. */
    public static final String ACCURACY = "accuracy";
    /** Mean per-class F1 over the classes of the test labels. */
    public static final String MACRO_F1 = "macro_f1";

    private ClassificationMetrics() {
    }

    /**
     * Scores predictions.
     *
     * @param truth the true class per sample
     * @param predicted the predicted class per sample
     * @param classes the number of classes
     * @return {@value #ACCURACY} then {@value #MACRO_F1}, in {@code [0, 1]}
     */
    public static Map<String, Double> of(int[] truth, int[] predicted, int classes) {
        if (truth.length != predicted.length || truth.length == 0) {
            throw new IllegalArgumentException("need as many predictions as labels, at least one: " + truth.length
                    + " labels, " + predicted.length + " predictions");
        }
        long[] truePositive = new long[classes];
        long[] actual = new long[classes];
        long[] guessed = new long[classes];
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            actual[truth[i]]++;
            guessed[predicted[i]]++;
            if (truth[i] == predicted[i]) {
                truePositive[truth[i]]++;
                correct++;
            }
        }
        double f1Sum = 0;
        int present = 0;
        for (int c = 0; c < classes; c++) {
            if (actual[c] == 0) {
                continue;
            }
            present++;
            f1Sum += 2.0 * truePositive[c] / (actual[c] + guessed[c]);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(ACCURACY, (double) correct / truth.length);
        metrics.put(MACRO_F1, f1Sum / present);
        return metrics;
    }
}
