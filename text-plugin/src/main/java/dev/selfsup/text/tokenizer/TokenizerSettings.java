package dev.selfsup.text.tokenizer;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * How text is normalised and what the vocabulary holds.
 *
 * @param vocabularySize pieces at most, special tokens and alphabet included
 * @param minFrequency words seen fewer times are left out of training
 * @param nfkc apply Unicode NFKC normalisation
 * @param lowercase lower-case the text (after NFKC)
 */
public record TokenizerSettings(int vocabularySize, int minFrequency, boolean nfkc, boolean lowercase) {

    /** Padding. */
    public static final String PAD = "[PAD]";
    /** A piece not in the vocabulary. */
    public static final String UNK = "[UNK]";
    /** The start of a sequence, whose output is the pooled embedding by {@code [CLS]}. */
    public static final String CLS = "[CLS]";
    /** The end of a sequence. */
    public static final String SEP = "[SEP]";
    /** A masked token (masked language modelling). */
    public static final String MASK = "[MASK]";

    /** Checks the sizes. */
    public TokenizerSettings {
        if (vocabularySize < specialTokens().size() + 1) {
            throw new IllegalArgumentException("vocabulary size " + vocabularySize + " leaves no room beside the "
                    + specialTokens().size() + " special tokens");
        }
        if (minFrequency < 1) {
            throw new IllegalArgumentException("min frequency must be at least 1, got " + minFrequency);
        }
    }

    /**
     * Returns the special tokens, in id order: {@code [PAD]} is 0.
     *
     * @return {@code [PAD], [UNK], [CLS], [SEP], [MASK]}
     */
    public static List<String> specialTokens() {
        return List.of(PAD, UNK, CLS, SEP, MASK);
    }

    /**
     * Normalises text as the tokenizer's normaliser will.
     *
     * @param text the text
     * @return NFKC-normalised and lower-cased text, as set
     */
    public String normalise(String text) {
        String out = nfkc ? Normalizer.normalize(text, Normalizer.Form.NFKC) : text;
        return lowercase ? out.toLowerCase(Locale.ROOT) : out;
    }
}
