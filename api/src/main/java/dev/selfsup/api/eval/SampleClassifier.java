package dev.selfsup.api.eval;

import dev.selfsup.api.Sample;

import java.util.List;
import java.util.Map;

/**
 * A classifier that includes its own encoder (a fine-tuned one), loaded back by the protocol that trained it
 * ({@link EvaluationProtocol#loadWithEncoder}): samples in, scores out. Holds native memory: close it. Safe to call
 * from several threads.
 */
public interface SampleClassifier extends AutoCloseable {

    /**
     * Scores samples.
     *
     * @param samples samples of the encoder's modality
     * @return per sample, every class's score (probabilities), highest first
     */
    List<Map<String, Double>> scores(List<Sample> samples);

    @Override
    void close();
}
