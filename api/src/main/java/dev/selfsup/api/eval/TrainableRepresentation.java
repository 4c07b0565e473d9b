package dev.selfsup.api.eval;

import ai.djl.ndarray.NDManager;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.SampleSource;

import java.nio.file.Path;
import java.util.List;

/**
 * What a protocol that trains the encoder itself (fine-tuning) gets besides the frozen features: copies of the
 * encoder with the representation's weights, the samples behind the feature rows, the recipe's augmentations and a
 * folder for its checkpoints. Present for encoder representations, absent for the raw input. Built by the
 * framework.
 */
public interface TrainableRepresentation {

    /**
     * Creates a new encoder with this representation's weights, initialised on a manager; training it leaves the
     * representation unchanged.
     *
     * @param manager owns the copy's parameters
     * @return the copy
     */
    Encoder copyEncoder(NDManager manager);

    /**
     * Returns the head that turns encoder outputs into the feature vectors the frozen protocols see.
     *
     * @return the head
     */
    DownstreamHead head();

    /**
     * Returns the training split; {@link #labelledRows()}, {@link #fitRows()} and {@link #validationRows()} index it.
     *
     * @return the split
     */
    SampleSource train();

    /** @return the rows of {@link ProtocolInput#labelled()}, as indices into {@link #train()} */
    int[] labelledRows();

    /** @return the rows of {@link ProtocolInput#fit()} */
    int[] fitRows();

    /** @return the rows of {@link ProtocolInput#validation()} (empty when there are none) */
    int[] validationRows();

    /** @return the test split, in the order of {@link ProtocolInput#test()} */
    SampleSource test();

    /** @return the recipe's augmentations of its first view, in order (empty without augmentation) */
    List<Augmentation> augmentations();

    /**
     * Returns a folder of this protocol run's own, for checkpoints and scratch files; the framework removes it after
     * the evaluation.
     *
     * @return the folder (created)
     */
    Path workDirectory();
}
