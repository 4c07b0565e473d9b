package dev.selfsup.text.lm;

import dev.selfsup.api.PretextTask;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.TaskContext;
import dev.selfsup.api.TokenSequenceEncoder;
import dev.selfsup.text.tokenizer.TokenizerSettings;
import org.pf4j.Extension;

/** Provides the {@code mlm} pretext task: masked language modelling (Devlin et al. 2019). */
@Extension
public final class MaskedLmTaskProvider implements PretextTaskProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addDouble("mask_probability", 0.15, 0.01, 1.0, "share of each text's tokens selected for prediction")
            .addDouble("mask_token", 0.8, 0.0, 1.0, "share of the selected tokens replaced by [MASK]")
            .addDouble("random_token", 0.1, 0.0, 1.0, "share of the selected tokens replaced by a random token (the "
                    + "rest stay unchanged); mask_token + random_token <= 1")
            .addBoolean("whole_word", false, "select whole words: every piece of a selected word")
            .build();

    @Override
    public String name() {
        return "mlm";
    }

    @Override
    public String description() {
        return "masked language modelling (BERT): predict selected tokens, 80% shown as [MASK], 10% random, 10% kept";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public String unsupportedReason(TaskContext context) {
        return LanguageModelling.unsupportedReason(context, name(), false);
    }

    @Override
    public PretextTask create(TaskContext context) {
        Settings settings = context.settings();
        TokenSequenceEncoder tokens = LanguageModelling.tokens(context, name(), false);
        if (settings.getDouble("mask_token") + settings.getDouble("random_token") > 1.0 + 1e-9) {
            throw LanguageModelling.problem(settings, "random_token", "mask_token + random_token is "
                    + (settings.getDouble("mask_token") + settings.getDouble("random_token")) + ", more than 1");
        }
        int firstOrdinary = TokenizerSettings.specialTokens().size();
        MlmMasking masking = new MlmMasking(settings.getDouble("mask_probability"), settings.getDouble("mask_token"),
                settings.getDouble("random_token"), settings.getBoolean("whole_word"),
                tokens.specialTokenId(TokenizerSettings.MASK), firstOrdinary, tokens.vocabularySize());
        return new MaskedLmTask(context.encoderName(), context.encoder(), tokens, masking);
    }
}
