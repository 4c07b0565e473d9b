package dev.selfsup.vision.augment;

import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

/** Provides {@code horizontal_flip}: a left-right mirror, with probability 0.5 by default. */
@Extension
public final class HorizontalFlipProvider extends ImageAugmentationProvider {

    /** Creates the provider. */
    public HorizontalFlipProvider() {
        super("horizontal_flip", "mirror left to right (leave it out for digits and text)", 0.5,
                SettingsSchema.builder(), s -> new HorizontalFlip());
    }
}
