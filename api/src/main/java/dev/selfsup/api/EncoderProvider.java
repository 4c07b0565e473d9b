package dev.selfsup.api;

/** Extension point for encoders. Recipes select one with {@code encoder.type: <name>}. */
public interface EncoderProvider extends NamedExtension {

    /**
     * Builds an uninitialised encoder. (A provider with a {@link #preparation()} is built through it instead and
     * may refuse this.)
     *
     * @param settings the validated {@code encoder} section
     * @return the encoder
     */
    Encoder create(Settings settings);

    /**
     * Returns how this provider prepares its encoders from the training data, if it does (a tokenizer's
     * vocabulary, normalisation statistics); the framework then builds its encoders with
     * {@link EncoderPreparation#create} instead of {@link #create}.
     *
     * @return the preparation, or empty (the default) for encoders built from their settings alone
     */
    default java.util.Optional<EncoderPreparation> preparation() {
        return java.util.Optional.empty();
    }
}
