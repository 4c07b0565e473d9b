package dev.selfsup.vision.augment;

import dev.selfsup.api.Augmentation;
import dev.selfsup.api.AugmentationProvider;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

/** Provides {@code random_shift}: random translation by up to {@code max_pixels} pixels. */
@Extension
public final class RandomShiftProvider implements AugmentationProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("max_pixels", 2, 0, 64, "largest shift along each axis, in pixels")
            .build();

    @Override
    public String name() {
        return "random_shift";
    }

    @Override
    public String description() {
        return "translate images by a random number of pixels, zero-filled";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public String modality() {
        return Sample.IMAGE;
    }

    @Override
    public Augmentation create(Settings settings) {
        return new RandomShift(settings.getInt("max_pixels"));
    }
}
