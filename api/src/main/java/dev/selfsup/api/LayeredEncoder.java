package dev.selfsup.api;

/**
 * Capability of an encoder whose parameters sit in an order of depth (a transformer's layers, a CNN's stages):
 * what layer-wise learning-rate decay in fine-tuning needs. Ask for it with
 * {@code encoder.capability(LayeredEncoder.class)}.
 */
public interface LayeredEncoder {

    /**
     * Returns the number of depth levels, input side (0) to output side ({@code layerCount() - 1}).
     *
     * @return at least 1
     */
    int layerCount();

    /**
     * Returns the depth level of one of the encoder block's parameters.
     *
     * @param parameterName its name as {@code block().getParameters()} lists it
     * @return in {@code [0, layerCount())}
     */
    int layerOf(String parameterName);
}
