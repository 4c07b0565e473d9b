package dev.selfsup.api;

/** Extension point for pretext tasks. Recipes select one with {@code pretext.task: <name>}. */
public interface PretextTaskProvider extends NamedExtension {

    /**
     * Returns whether this task can train the given encoder; used to reject a recipe before it runs.
     *
     * @param encoder the encoder
     * @return an empty string if supported, else the reason
     */
    default String unsupportedReason(Encoder encoder) {
        return "";
    }

    /**
     * Builds the task around an encoder.
     *
     * @param settings the validated {@code pretext} section
     * @param encoder the encoder to pretrain
     * @return the task
     */
    PretextTask create(Settings settings, Encoder encoder);
}
