package dev.selfsup.vision.augment;

import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

/** Provides {@code random_shift}: random translation by up to {@code max_pixels} pixels. */
@Extension
public final class RandomShiftProvider extends ImageAugmentationProvider {

    /** Creates the provider. */
    public RandomShiftProvider() {
        super("random_shift", "translate images by a random number of pixels, zero-filled", 1.0,
                SettingsSchema.builder().addInt("max_pixels", 2, 0, 64, "largest shift along each axis, in pixels"),
                settings -> new RandomShift(settings.getInt("max_pixels")));
    }
}
