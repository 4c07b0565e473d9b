package dev.selfsup.vision.augment;

import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

/** Provides {@code solarize}: invert pixels above a threshold, with probability 0.2 by default (BYOL). */
@Extension
public final class SolarizeProvider extends ImageAugmentationProvider {

    /** Creates the provider. */
    public SolarizeProvider() {
        super("solarize", "invert the pixels at or above a threshold", 0.2,
                SettingsSchema.builder().addDouble("threshold", 0.5, 0.0, 1.0, "pixels at or above it are inverted"),
                s -> new Solarize(s.getDouble("threshold")));
    }
}
