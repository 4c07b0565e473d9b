package dev.selfsup.api;

/** Extension point for augmentations. Recipes list them under {@code augment: [{type: <name>, ...}]}. */
public interface AugmentationProvider extends NamedExtension {

    /**
     * Returns the sample field this augmentation transforms.
     *
     * @return e.g. {@link Sample#IMAGE}
     */
    String modality();

    /**
     * Builds the augmentation.
     *
     * @param settings its validated settings
     * @return the augmentation
     */
    Augmentation create(Settings settings);
}
