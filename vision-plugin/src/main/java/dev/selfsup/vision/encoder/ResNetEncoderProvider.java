package dev.selfsup.vision.encoder;

import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

import java.util.List;

/** Provides the {@code resnet} encoder: a small ResNet with BatchNorm whose tokens are feature-map positions. */
@Extension
public final class ResNetEncoderProvider implements EncoderProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("image", 28, 4, 4096, "side of the square input images in pixels")
            .addInt("channels", 1, 1, 16, "image channels (1 grey, 3 colour)")
            .addIntList("widths", List.of(32L, 64L, 128L), 1, 4096,
                    "channels of each stage; every stage after the first halves the resolution")
            .addInt("blocks_per_stage", 1, 1, 64, "basic residual blocks (two 3x3 convolutions) per stage")
            .build();

    @Override
    public String name() {
        return "resnet";
    }

    @Override
    public String description() {
        return "small ResNet: 3x3 stem, stages of basic residual blocks with BatchNorm, feature-map tokens";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public ResNetEncoder create(Settings settings) {
        if (settings.getIntList("widths").isEmpty()) {
            throw new RecipeException(new RecipeProblem(settings.location("widths"),
                    settings.path().isEmpty() ? "widths" : settings.path() + ".widths", "widths needs one width per"
                    + " stage, at least one"));
        }
        return new ResNetEncoder(settings);
    }
}
