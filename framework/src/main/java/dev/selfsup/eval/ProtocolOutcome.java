package dev.selfsup.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One protocol run: a protocol on one representation and one seeded label subset, as the report keeps it.
 *
 * @param representation e.g. {@code pretrained}, {@code random_encoder}, {@code raw}
 * @param protocol the protocol's name in the recipe, e.g. {@code logistic}, {@code knn-k10}
 * @param labelFraction the share of training labels
 * @param subset which seeded subset at that fraction, from 0
 * @param trainExamples labelled rows the protocol saw (its validation rows included)
 * @param testExamples test rows scored
 * @param metrics the protocol's figures, headline first
 * @param choices what it decided on the validation split
 * @param seconds wall time of the protocol run
 * @param savedAs the saved model's base name in the evaluation folder, or {@code null}
 */
public record ProtocolOutcome(String representation, String protocol, double labelFraction, int subset,
                              int trainExamples, int testExamples, Map<String, Double> metrics,
                              Map<String, String> choices, double seconds, String savedAs) {

    /** Copies the maps, keeping their order. */
    public ProtocolOutcome {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        choices = choices == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(choices));
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("an outcome needs at least one metric");
        }
    }

    /**
     * Returns the headline metric's name (the protocol's first).
     *
     * @return e.g. {@code accuracy}
     */
    public String headline() {
        return metrics.keySet().iterator().next();
    }

    /**
     * Returns the names of the metrics, in the protocol's order.
     *
     * @return the names
     */
    public List<String> metricNames() {
        return List.copyOf(metrics.keySet());
    }
}
