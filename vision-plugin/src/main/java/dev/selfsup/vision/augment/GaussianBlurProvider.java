package dev.selfsup.vision.augment;

import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

/** Provides {@code gaussian_blur}: a Gaussian blur of random width, with probability 0.5 by default (SimCLR). */
@Extension
public final class GaussianBlurProvider extends ImageAugmentationProvider {

    /** Creates the provider. */
    public GaussianBlurProvider() {
        super("gaussian_blur", "blur with a Gaussian of random standard deviation", 0.5,
                SettingsSchema.builder()
                        .addInt("kernel", 3, 1, 255, "odd kernel side in pixels (SimCLR: 10% of the image side)")
                        .addDouble("min_sigma", 0.1, 0.01, 100.0, "smallest standard deviation in pixels")
                        .addDouble("max_sigma", 2.0, 0.01, 100.0, "largest standard deviation in pixels"),
                s -> {
                    if (s.getInt("kernel") % 2 == 0) {
                        throw new RecipeException(new RecipeProblem(s.location("kernel"),
                                s.path().isEmpty() ? "kernel" : s.path() + ".kernel",
                                "kernel " + s.getInt("kernel") + " must be odd"));
                    }
                    return new GaussianBlur(s.getInt("kernel"), range(s, "min_sigma", "max_sigma"));
                });
    }
}
