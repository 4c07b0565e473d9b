package dev.selfsup.plugin;

import dev.selfsup.api.AugmentationProvider;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DownstreamHeadProvider;
import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.NamedExtension;
import dev.selfsup.api.PretextTaskProvider;

/** The kinds of named extensions, with the word used for them in messages and listings. */
public enum ExtensionKind {
    /** Data sets. */
    DATASET("dataset", DatasetProvider.class),
    /** Encoders. */
    ENCODER("encoder", EncoderProvider.class),
    /** Pretext tasks. */
    PRETEXT("pretext task", PretextTaskProvider.class),
    /** Augmentations. */
    AUGMENTATION("augmentation", AugmentationProvider.class),
    /** Downstream heads. */
    HEAD("downstream head", DownstreamHeadProvider.class),
    /** Evaluation protocols. */
    PROTOCOL("evaluation protocol", EvaluationProtocolProvider.class);

    private final String label;
    private final Class<? extends NamedExtension> type;

    ExtensionKind(String label, Class<? extends NamedExtension> type) {
        this.label = label;
        this.type = type;
    }

    /**
     * Returns the human readable kind.
     *
     * @return e.g. "pretext task"
     */
    public String label() {
        return label;
    }

    /**
     * Returns the extension point interface.
     *
     * @return the type
     */
    public Class<? extends NamedExtension> type() {
        return type;
    }

    /**
     * Finds the kind of an extension point interface.
     *
     * @param type the interface
     * @return the kind
     */
    public static ExtensionKind of(Class<?> type) {
        for (ExtensionKind kind : values()) {
            if (kind.type == type) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not an extension point: " + type.getName());
    }
}
