package dev.selfsup.text.lm;

import dev.selfsup.api.Encoder;
import dev.selfsup.api.TokenSequenceEncoder;
import dev.selfsup.api.TokenizedText;

import java.util.Random;

/**
 * The {@code clm} task: causal language modelling (the GPT family). Each real token but the last predicts the
 * next one ({@code [CLS]} predicts the first word's first piece, the last piece predicts {@code [SEP]}); the encoder
 * must attend causally so no position sees the token it predicts.
 */
final class CausalLmTask extends LanguageModelTask {

    CausalLmTask(String encoderName, Encoder encoder, TokenSequenceEncoder tokens) {
        super(encoderName, encoder, tokens);
    }

    @Override
    TokenTargets targets(TokenizedText text, Random random) {
        int width = text.width();
        int count = 0;
        for (int row = 0; row < text.rows(); row++) {
            count += Math.max(0, text.length(row) - 1);
        }
        long[] positions = new long[count];
        long[] labels = new long[count];
        long[][] ids = new long[text.rows()][];
        int k = 0;
        for (int row = 0; row < text.rows(); row++) {
            ids[row] = text.ids(row);
            for (int t = 0; t + 1 < text.length(row); t++) {
                positions[k] = (long) row * width + t;
                labels[k++] = text.ids(row)[t + 1];
            }
        }
        return new TokenTargets(ids, positions, labels);
    }

    @Override
    double predictionsPerText(int maxLength) {
        return maxLength - 1;
    }
}
