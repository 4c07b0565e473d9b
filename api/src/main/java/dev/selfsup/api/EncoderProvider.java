package dev.selfsup.api;

/** Extension point for encoders. Recipes select one with {@code encoder.type: <name>}. */
public interface EncoderProvider extends NamedExtension {

    /**
     * Builds an uninitialised encoder.
     *
     * @param settings the validated {@code encoder} section
     * @return the encoder
     */
    Encoder create(Settings settings);
}
