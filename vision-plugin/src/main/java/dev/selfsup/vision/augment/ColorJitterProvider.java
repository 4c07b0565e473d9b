package dev.selfsup.vision.augment;

import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

/** Provides {@code color_jitter}: random brightness and contrast, with probability 0.8 by default (SimCLR). */
@Extension
public final class ColorJitterProvider extends ImageAugmentationProvider {

    /** Creates the provider. */
    public ColorJitterProvider() {
        super("color_jitter", "random brightness and contrast factors in [1 - s, 1 + s], random order", 0.8,
                SettingsSchema.builder()
                        .addDouble("brightness", 0.4, 0.0, 1.0, "brightness strength s")
                        .addDouble("contrast", 0.4, 0.0, 1.0, "contrast strength s"),
                s -> new ColorJitter(s.getDouble("brightness"), s.getDouble("contrast")));
    }
}
