package dev.selfsup.api;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import java.util.List;

/**
 * A modality encoder: a DJL {@link Block} that maps collated inputs to a sequence of token features
 * {@code (batch, tokens, embeddingDim)}, plus the collation from samples to inputs.
 */
public interface Encoder {

    /**
     * Returns the modality this encoder reads, i.e. the {@link Sample} field it uses.
     *
     * @return e.g. {@link Sample#IMAGE}
     */
    String modality();

    /**
     * Returns the encoder block. Its forward pass takes {@link #collate} output and returns an NDList
     * whose first element is {@code (batch, tokens, embeddingDim)}.
     *
     * @return the block
     */
    Block block();

    /**
     * Returns the input shapes for a batch, used to initialise the block.
     *
     * @param batchSize the batch size
     * @return the shapes of the collated inputs
     */
    Shape[] inputShapes(int batchSize);

    /**
     * Returns the width of each token feature (and of mean-pooled embeddings).
     *
     * @return the embedding dimension
     */
    int embeddingDim();

    /**
     * Turns samples into the block's inputs.
     *
     * @param samples the samples
     * @param manager where to allocate the arrays
     * @return the inputs
     */
    NDList collate(List<Sample> samples, NDManager manager);

    /**
     * Returns the raw-input features of one sample for the raw-input baseline (pixels, bag of words,
     * log-mel...), so that every evaluation compares the learned embedding with the input itself.
     *
     * @param sample the sample
     * @return the features
     */
    float[] rawFeatures(Sample sample);

    /**
     * Returns the validated settings this encoder was built from (stored with the trained encoder so
     * it can be rebuilt).
     *
     * @return the settings
     */
    Settings settings();

    /**
     * Reads one input file of this encoder's modality (an image file for an image encoder), for embedding
     * and prediction on files.
     *
     * @param file the file
     * @return the sample, unlabelled
     * @throws java.io.IOException if the file cannot be read or is not of this modality, naming the file
     * @throws UnsupportedOperationException if this encoder reads no files
     */
    default Sample readFile(java.nio.file.Path file) throws java.io.IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read input files");
    }
}
