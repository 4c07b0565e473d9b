package dev.selfsup.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * A capability of encoders that work in two stages, a local feature encoder making latent frames and a context
 * network over (projected) frames, so that a task can act between them: wav2vec 2.0 quantises the latents as
 * targets and masks frames before the context network sees them. Asked for with
 * {@link Encoder#capability(Class)}; every method runs the encoder's own block, whose parameters the task's model
 * must hold as a child.
 *
 * @since 0.2.0
 */
public interface LatentFrameEncoder {

    /**
     * Runs the feature encoder.
     *
     * @param ps the parameter store
     * @param inputs the encoder's collated inputs
     * @param training whether training
     * @return {@code (latents (batch, frames, latentDim), frameMask (batch, frames), penalty (batch))}: the
     *     latents as the context network's projection reads them, which frames are real, and per utterance the
     *     sum over its real frames of the mean square of the feature encoder's output (wav2vec's feature penalty,
     *     per row so that shards add up)
     */
    NDList latents(ParameterStore ps, NDList inputs, boolean training);

    /**
     * Returns the width of the latents.
     *
     * @return channels
     */
    int latentDim();

    /**
     * Projects latents to the context network's width.
     *
     * @param ps the parameter store
     * @param latents {@code (batch, frames, latentDim)}
     * @param training whether training
     * @return {@code (batch, frames, embeddingDim)}
     */
    NDArray project(ParameterStore ps, NDArray latents, boolean training);

    /**
     * Runs the context network.
     *
     * @param ps the parameter store
     * @param frames projected frames, some possibly replaced by the task
     * @param frameMask which frames are real
     * @param training whether training
     * @return {@code (features (batch, frames, embeddingDim), frameMask)}
     */
    NDList contextualise(ParameterStore ps, NDArray frames, NDArray frameMask, boolean training);
}
