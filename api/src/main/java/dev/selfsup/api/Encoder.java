package dev.selfsup.api;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

import java.util.List;

/**
 * A modality encoder: a DJL {@link Block} that maps collated inputs to a sequence of token features
 * {@code (batch, tokens, embeddingDim)}, plus the collation from samples to inputs.
 *
 * <p><b>Output contract.</b> The block's forward pass returns an {@link NDList} whose first element is the
 * token features {@code (batch, tokens, embeddingDim)} and, for inputs of variable length, a second element:
 * the valid-token mask {@code (batch, tokens)}, 1 for a real token and 0 for padding. Without a second element
 * every token is valid. Pooling (see {@code dev.selfsup.nn.Pooling}) and attention honour the mask, so padding
 * a sample changes none of its embedding. {@link EncoderOutput} reads both.
 *
 * <p><b>Capabilities.</b> What a task needs beyond this contract (patch tokens that can be encoded in part,
 * for masked image modelling) is an interface the encoder implements; tasks ask for it with
 * {@link #capability}, never by the encoder's concrete class.
 */
public interface Encoder {

    /**
     * Returns the modality this encoder reads, i.e. the {@link Sample} field it uses.
     *
     * @return e.g. {@link Sample#IMAGE}
     */
    String modality();

    /**
     * Returns the encoder block. Its forward pass takes {@link #collate} output and returns the token features
     * and, for variable-length input, the valid-token mask (see the output contract above).
     *
     * @return the block
     */
    Block block();

    /**
     * Returns this encoder as a capability interface, if it has it.
     *
     * @param capability the interface, e.g. {@link PatchTokenEncoder}
     * @param <T> its type
     * @return the capability, or empty
     */
    default <T> java.util.Optional<T> capability(Class<T> capability) {
        return capability.isInstance(this) ? java.util.Optional.of(capability.cast(this)) : java.util.Optional.empty();
    }

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
