package dev.selfsup.text.lm;

import dev.selfsup.api.Encoder;
import dev.selfsup.api.TokenSequenceEncoder;
import dev.selfsup.api.TokenizedText;

import java.util.Random;

/** The {@code mlm} task: masked language modelling (BERT), with the masking of {@link MlmMasking}. */
final class MaskedLmTask extends LanguageModelTask {

    private final MlmMasking masking;

    MaskedLmTask(String encoderName, Encoder encoder, TokenSequenceEncoder tokens, MlmMasking masking) {
        super(encoderName, encoder, tokens);
        this.masking = masking;
    }

    @Override
    TokenTargets targets(TokenizedText text, Random random) {
        return masking.mask(text, random);
    }

    @Override
    double predictionsPerText(int maxLength) {
        return masking.probability() * (maxLength - 2);
    }
}
