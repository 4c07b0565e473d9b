package dev.selfsup.vision.augment;

import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

/** Provides {@code random_resized_crop}: a random region of random area and shape, scaled to the image size. */
@Extension
public final class RandomResizedCropProvider extends ImageAugmentationProvider {

    /** Creates the provider. */
    public RandomResizedCropProvider() {
        super("random_resized_crop", "crop a random region (area share and aspect ratio in ranges), resize back",
                1.0, SettingsSchema.builder()
                        .addDouble("min_scale", 0.2, 0.01, 1.0, "smallest share of the image area kept")
                        .addDouble("max_scale", 1.0, 0.01, 1.0, "largest share of the image area kept")
                        .addDouble("min_ratio", 0.75, 0.1, 10.0, "smallest width-to-height ratio")
                        .addDouble("max_ratio", 4.0 / 3, 0.1, 10.0, "largest width-to-height ratio"),
                s -> new RandomResizedCrop(range(s, "min_scale", "max_scale"), range(s, "min_ratio", "max_ratio")));
    }
}
