package dev.selfsup.api.eval;

import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One way of measuring a representation with labels: a classifier on frozen features (logistic regression,
 * kNN, an MLP, any Tribuo trainer) or training the encoder itself (fine-tuning, {@link #needsEncoder()}). The framework runs it
 * once per representation, label fraction and seeded label subset, and reports the mean and spread of every
 * metric it returns. Instances come from an {@link EvaluationProtocolProvider} and must not keep
 * state between calls.
 */
public interface EvaluationProtocol {

    /**
     * Trains on the labelled rows, chooses on the validation rows, and scores the test rows.
     *
     * @param input the features and where to save
     * @return the metrics, choices and saved files
     */
    ProtocolResult evaluate(ProtocolInput input);

    /**
     * Returns whether this protocol trains the encoder itself and so needs {@link ProtocolInput#trainable()}; the
     * framework does not run it on representations without an encoder (the raw input).
     *
     * @return false for frozen-feature protocols
     */
    default boolean needsEncoder() {
        return false;
    }

    /**
     * Loads a model this protocol saved ({@link ProtocolInput#saveAs()}), for {@code selfsup predict}.
     *
     * @param saveAs the base path it was saved under
     * @return the classifier, or empty if this protocol's models cannot be loaded back
     * @throws IOException if its files cannot be read
     */
    default Optional<FeatureClassifier> load(Path saveAs) throws IOException {
        return Optional.empty();
    }

    /**
     * Loads a model this protocol saved that includes a trained encoder ({@link #needsEncoder()}), for
     * {@code selfsup predict}.
     *
     * @param saveAs the base path it was saved under
     * @param architecture a new, uninitialised encoder of the run's architecture to load the trained weights into
     * @param head the run's downstream head (how the encoder's output is pooled)
     * @return the classifier, or empty if this protocol's models need no encoder or cannot be loaded back
     * @throws IOException if its files cannot be read
     */
    default Optional<SampleClassifier> loadWithEncoder(Path saveAs, Encoder architecture, DownstreamHead head)
            throws IOException {
        return Optional.empty();
    }
}
