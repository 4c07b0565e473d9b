package dev.selfsup.api.eval;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one protocol measured on one representation and one label subset.
 *
 * @param metrics named figures on the test split, in report order: the first is the headline the verdict compares
 *     (for classification {@link ClassificationMetrics#ACCURACY})
 * @param choices what the protocol decided on the validation split, e.g. {@code standardize: true}, for the
 *     report; empty if it decided nothing
 * @param savedFiles the files it wrote under {@link ProtocolInput#saveAs()} (empty when not asked to save)
 */
public record ProtocolResult(Map<String, Double> metrics, Map<String, String> choices, List<Path> savedFiles) {

    /** Copies the maps, keeping their order; needs at least one metric. */
    public ProtocolResult {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("a protocol result needs at least one metric");
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        choices = Collections.unmodifiableMap(new LinkedHashMap<>(choices));
        savedFiles = List.copyOf(savedFiles);
    }

    /**
     * Returns the headline figure.
     *
     * @return the first metric's name
     */
    public String headline() {
        return metrics.keySet().iterator().next();
    }
}
