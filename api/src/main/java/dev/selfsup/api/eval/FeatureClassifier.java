package dev.selfsup.api.eval;

import java.util.List;
import java.util.Map;

/**
 * A classifier trained by a protocol and loaded back ({@link EvaluationProtocol#load}), on the features the
 * protocol was trained on: what {@code selfsup predict} and the embedding API's classifier run after the encoder.
 * Implementations must be safe to call from several threads.
 */
public interface FeatureClassifier {

    /**
     * Scores feature vectors.
     *
     * @param features one vector per input, of the width the classifier was trained on
     * @return per input, every class's score (probabilities, vote shares...), highest first
     */
    List<Map<String, Double>> scores(float[][] features);
}
