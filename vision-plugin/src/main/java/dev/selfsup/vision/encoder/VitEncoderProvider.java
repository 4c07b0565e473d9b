package dev.selfsup.vision.encoder;

import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.List;

/** Provides the {@code vit} encoder: a small Vision Transformer over square images. */
@Extension
public final class VitEncoderProvider implements EncoderProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("image", 28, 4, 4096, "side of the square input images in pixels")
            .addInt("channels", 1, 1, 16, "image channels (1 grey, 3 colour)")
            .addInt("patch", 4, 1, 256, "patch side in pixels; must divide image")
            .addInt("dim", 128, 8, 8192, "token width")
            .addInt("depth", 4, 1, 64, "transformer layers")
            .addInt("heads", 4, 1, 128, "attention heads; must divide dim")
            .addDouble("mlp_ratio", 4.0, 0.25, 16.0, "MLP hidden width relative to dim")
            .build();

    @Override
    public String name() {
        return "vit";
    }

    @Override
    public String description() {
        return "Vision Transformer: patch embedding, learned positions, pre-LayerNorm layers";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public VitEncoder create(Settings settings) {
        List<RecipeProblem> problems = new ArrayList<>();
        if (settings.getInt("image") % settings.getInt("patch") != 0) {
            problems.add(new RecipeProblem(settings.location("patch"), qualified(settings, "patch"),
                    "patch " + settings.getInt("patch") + " does not divide image " + settings.getInt("image")));
        }
        if (settings.getInt("dim") % settings.getInt("heads") != 0) {
            problems.add(new RecipeProblem(settings.location("heads"), qualified(settings, "heads"),
                    "heads " + settings.getInt("heads") + " does not divide dim " + settings.getInt("dim")));
        }
        if (!problems.isEmpty()) {
            throw new RecipeException(problems);
        }
        return new VitEncoder(settings);
    }

    private static String qualified(Settings settings, String key) {
        return settings.path().isEmpty() ? key : settings.path() + "." + key;
    }
}
