package dev.selfsup.vision.augment;

import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

/** Provides {@code random_erasing}: fill a random rectangle with a constant, with probability 0.5 by default. */
@Extension
public final class RandomErasingProvider extends ImageAugmentationProvider {

    /** Creates the provider. */
    public RandomErasingProvider() {
        super("random_erasing", "fill a random rectangle (area share and aspect ratio in ranges) with a value", 0.5,
                SettingsSchema.builder()
                        .addDouble("min_scale", 0.02, 0.001, 1.0, "smallest share of the image area erased")
                        .addDouble("max_scale", 0.33, 0.001, 1.0, "largest share of the image area erased")
                        .addDouble("min_ratio", 0.3, 0.01, 100.0, "smallest width-to-height ratio")
                        .addDouble("max_ratio", 3.3, 0.01, 100.0, "largest width-to-height ratio")
                        .addDouble("value", 0.0, 0.0, 1.0, "fill value"),
                s -> new RandomErasing(range(s, "min_scale", "max_scale"), range(s, "min_ratio", "max_ratio"),
                        s.getDouble("value")));
    }
}
