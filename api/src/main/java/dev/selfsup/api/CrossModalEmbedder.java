package dev.selfsup.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * A {@link PretextTask} capability: its trained model maps samples of two modalities into one embedding space (CLIP's
 * image and text towers with their projections), so that the framework can evaluate retrieval in both directions
 * and classify zero-shot from class names, and {@code selfsup predict --labels} can classify files from a run. Ask
 * for it with {@link PretextTask#capability}.
 */
public interface CrossModalEmbedder {

    /**
     * Returns the two sides, by the recipe names of their encoders, e.g. {@code [image, text]}.
     *
     * @return two encoder names
     */
    List<String> sides();

    /**
     * Returns the modality (the {@link Sample} field) a side reads.
     *
     * @param side one of {@link #sides()}
     * @return e.g. {@link Sample#IMAGE}
     */
    String modality(String side);

    /**
     * Embeds samples of one side into the shared space, without recording gradients.
     *
     * @param side one of {@link #sides()}
     * @param samples samples holding that side's field
     * @param manager where to allocate the result
     * @return {@code (samples, dim)}, each row of unit length
     */
    NDArray embed(String side, List<Sample> samples, NDManager manager);

    /**
     * Returns the learned factor by which cosine similarities are multiplied into logits (CLIP's {@code exp(t)}).
     *
     * @return the logit scale, positive
     */
    double logitScale();
}
