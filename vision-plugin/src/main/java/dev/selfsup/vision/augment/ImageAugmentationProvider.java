package dev.selfsup.vision.augment;

import dev.selfsup.api.Augmentation;
import dev.selfsup.api.AugmentationProvider;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;

import java.util.function.Function;

/**
 * The common part of the image augmentations' providers: the name, the description, the schema with a
 * {@code probability} key added, and the transform built from validated settings.
 */
abstract class ImageAugmentationProvider implements AugmentationProvider {

    private final String name;
    private final String description;
    private final SettingsSchema schema;
    private final Function<Settings, ImageTransform> factory;

    /**
     * Describes an augmentation.
     *
     * @param name the recipe name
     * @param description one line for {@code selfsup plugins}
     * @param probability the default chance of applying it
     * @param keys the augmentation's own keys
     * @param factory builds the transform from validated settings
     */
    ImageAugmentationProvider(String name, String description, double probability, SettingsSchema.Builder keys,
                              Function<Settings, ImageTransform> factory) {
        this.name = name;
        this.description = description;
        this.schema = keys.addDouble("probability", probability, 0.0, 1.0, "chance of applying it to each view")
                .build();
        this.factory = factory;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final SettingsSchema schema() {
        return schema;
    }

    @Override
    public final String modality() {
        return Sample.IMAGE;
    }

    @Override
    public final Augmentation create(Settings settings) {
        return new ImageAugmentation(settings.getDouble("probability"), factory.apply(settings));
    }

    /**
     * Reads a {@code [low, high]} range from two keys, refusing {@code low > high} with the recipe location.
     *
     * @param settings the validated settings
     * @param low the key of the lower end
     * @param high the key of the upper end
     * @return {@code {low, high}}
     * @throws RecipeException if the range is empty
     */
    static double[] range(Settings settings, String low, String high) {
        double a = settings.getDouble(low);
        double b = settings.getDouble(high);
        if (a > b) {
            String key = settings.path().isEmpty() ? low : settings.path() + "." + low;
            throw new RecipeException(new RecipeProblem(settings.location(low), key,
                    low + " " + a + " is above " + high + " " + b));
        }
        return new double[] {a, b};
    }
}
