package dev.selfsup.text.lm;

import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.TaskContext;
import dev.selfsup.api.TokenSequenceEncoder;

/** What the language-modelling tasks ask of their encoder, and how they refuse one that does not fit. */
final class LanguageModelling {

    private LanguageModelling() {
    }

    /** Why the task cannot train the context's encoder, or an empty string. */
    static String unsupportedReason(TaskContext context, String task, boolean causal) {
        var tokens = context.encoderCapability(TokenSequenceEncoder.class);
        String type = context.encoder().settings().optString("type", context.encoderName());
        if (tokens.isEmpty()) {
            return task + " needs an encoder of token ids from a vocabulary (such as text_transformer), not '" + type
                    + "'";
        }
        if (tokens.get().causal() != causal) {
            return causal ? task + " needs causal attention, so no position sees the token it predicts: set "
                    + "encoder.causal: true" : task + " predicts masked tokens from both sides: set encoder.causal: "
                    + "false (causal attention is for clm)";
        }
        return "";
    }

    /** The context's encoder as a token-sequence encoder, checked. */
    static TokenSequenceEncoder tokens(TaskContext context, String task, boolean causal) {
        String reason = unsupportedReason(context, task, causal);
        if (!reason.isEmpty()) {
            throw new IllegalArgumentException(reason);
        }
        return context.encoderCapability(TokenSequenceEncoder.class).orElseThrow();
    }

    static RecipeException problem(Settings settings, String key, String message) {
        return new RecipeException(new RecipeProblem(settings.location(key), settings.fullKey(key), message));
    }
}
