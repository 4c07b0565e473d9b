package dev.selfsup.vision.mae;

import dev.selfsup.api.Encoder;
import dev.selfsup.api.PatchTokenEncoder;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.TaskContext;
import org.pf4j.Extension;

/** Provides the {@code mae} pretext task: masked autoencoding of image patches. */
@Extension
public final class MaeTaskProvider implements PretextTaskProvider {

    private static final SettingsSchema DECODER = SettingsSchema.builder()
            .addInt("dim", 64, 8, 8192, "decoder token width")
            .addInt("depth", 2, 1, 64, "decoder transformer layers")
            .addInt("heads", 4, 1, 128, "decoder attention heads; must divide dim")
            .build();

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addDouble("mask_ratio", 0.75, 0.0, 0.99, "fraction of patches hidden from the encoder, per sample")
            .addBoolean("norm_pix", true, "normalise each target patch to zero mean, unit variance")
            .addSection("decoder", DECODER, "the light decoder")
            .build();

    @Override
    public String name() {
        return "mae";
    }

    @Override
    public String description() {
        return "masked autoencoder (He et al. 2021): reconstruct masked image patches";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public String unsupportedReason(TaskContext context) {
        return context.encoderCapability(PatchTokenEncoder.class).isPresent() ? ""
                : "mae needs an encoder that encodes image patch tokens (such as vit), not '"
                + context.encoder().settings().optString("type", context.encoderName()) + "'";
    }

    @Override
    public PretextTask create(TaskContext context) {
        Settings settings = context.settings();
        Encoder encoder = context.encoder();
        PatchTokenEncoder patches = encoder.capability(PatchTokenEncoder.class)
                .orElseThrow(() -> new IllegalArgumentException(unsupportedReason(context)));
        Settings decoder = settings.getSection("decoder");
        if (decoder.getInt("dim") % decoder.getInt("heads") != 0) {
            throw new RecipeException(new RecipeProblem(decoder.location("heads"), decoder.path() + ".heads",
                    "heads " + decoder.getInt("heads") + " does not divide dim " + decoder.getInt("dim")));
        }
        return new MaeTask(context.encoderName(), encoder, patches, settings.getDouble("mask_ratio"),
                settings.getBoolean("norm_pix"), decoder.getInt("dim"), decoder.getInt("depth"),
                decoder.getInt("heads"));
    }
}
