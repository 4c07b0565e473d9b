package dev.selfsup.align;

import dev.selfsup.api.PretextTask;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.TaskContext;
import org.pf4j.Extension;

import java.util.List;

/**
 * The {@code alignment} task: CLIP-style contrastive alignment of two named encoders of the recipe, from any
 * plugins (image and text, audio and text...), on data whose samples hold both encoders' fields.
 */
@Extension
public final class AlignmentTaskProvider implements PretextTaskProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addStringList("encoders", List.of("image", "text"), "the two encoders aligned, by their names under "
                    + "encoders:; the first is side a (e.g. the image), the second side b (e.g. the text)")
            .addInt("dim", 64, 2, 65_536, "width of the shared embedding space (each side's linear projection)")
            .addDouble("temperature", 0.07, 1e-3, 10.0, "initial temperature; the learned logit scale starts at "
                    + "its inverse (CLIP: 0.07)")
            .addDouble("max_logit_scale", 100.0, 1.0, 1e4, "the logit scale is clamped to at most this after every "
                    + "update (CLIP: 100)")
            .addStringList("frozen", List.of(), "encoders kept as they are (locked-image tuning: a pretrained image "
                    + "encoder, frozen, with a text encoder trained to match it)")
            .build();

    @Override
    public String name() {
        return "alignment";
    }

    @Override
    public String description() {
        return "CLIP-style contrastive alignment of two encoders: projections, learned temperature, symmetric "
                + "cross-entropy over the batch";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public List<String> encoderNames(Settings settings) {
        return settings.getStringList("encoders");
    }

    @Override
    public String unsupportedReason(TaskContext context) {
        List<String> names = context.settings().getStringList("encoders");
        if (names.size() != 2 || names.get(0).equals(names.get(1))) {
            return "alignment pairs two different encoders; pretext.encoders lists " + names;
        }
        if (context.views() != 1) {
            return "alignment reads each sample once (both modalities of one pair); the recipe gives "
                    + context.views() + " views: use augment: [...] instead of views:";
        }
        for (String name : names) {
            String field = context.encoder(name).modality();
            if (!context.data().fields().contains(field)) {
                return "the " + name + " encoder reads '" + field + "', which the data set's samples lack (they hold "
                        + context.data().fields() + ")";
            }
        }
        for (String frozen : context.settings().getStringList("frozen")) {
            if (!names.contains(frozen)) {
                return "pretext.frozen names '" + frozen + "', which is not one of the aligned encoders " + names;
            }
        }
        return "";
    }

    @Override
    public PretextTask create(TaskContext context) {
        Settings settings = context.settings();
        List<String> names = settings.getStringList("encoders");
        String reason = unsupportedReason(context);
        if (!reason.isEmpty()) {
            throw new RecipeException(new RecipeProblem(settings.location("encoders"), settings.fullKey("encoders"),
                    reason));
        }
        List<String> frozen = settings.getStringList("frozen");
        return new AlignmentTask(names, context.encoder(names.get(0)), context.encoder(names.get(1)),
                settings.getInt("dim"), settings.getDouble("temperature"), settings.getDouble("max_logit_scale"),
                new boolean[] {frozen.contains(names.get(0)), frozen.contains(names.get(1))});
    }
}
