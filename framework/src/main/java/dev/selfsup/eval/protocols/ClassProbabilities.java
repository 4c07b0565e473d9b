package dev.selfsup.eval.protocols;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** What the DJL-trained protocols (MLP probe, fine-tuning) do with their softmax outputs. */
final class ClassProbabilities {

    private ClassProbabilities() {
    }

    /**
     * Returns the most probable class of each row.
     *
     * @param probabilities per row, a probability per class
     * @return per row, the index of its largest probability (the first of equal ones)
     */
    static int[] argmax(float[][] probabilities) {
        int[] out = new int[probabilities.length];
        for (int i = 0; i < probabilities.length; i++) {
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][out[i]]) {
                    out[i] = c;
                }
            }
        }
        return out;
    }

    /**
     * Names each row's probabilities by class, highest first.
     *
     * @param probabilities per row, a probability per class
     * @param classNames the class names, by index
     * @return per row, class name to probability, highest first
     */
    static List<Map<String, Double>> byClass(float[][] probabilities, List<String> classNames) {
        List<Map<String, Double>> out = new ArrayList<>(probabilities.length);
        for (float[] row : probabilities) {
            Map<String, Double> scores = new LinkedHashMap<>();
            IntStream.range(0, row.length).boxed().sorted(Comparator.comparingDouble((Integer c) -> row[c]).reversed())
                    .forEach(c -> scores.put(classNames.get(c), (double) row[c]));
            out.add(scores);
        }
        return out;
    }
}
