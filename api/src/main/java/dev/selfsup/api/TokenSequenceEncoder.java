package dev.selfsup.api;

import java.util.List;

/**
 * Capability of a text encoder that cuts text into subword tokens from a vocabulary and encodes token ids: what
 * masked and causal language modelling need. Ask for it with {@code encoder.capability(TokenSequenceEncoder.class)}.
 *
 * <p>The encoder's block reads {@code (ids (batch, tokens) int64, validMask (batch, tokens))}, the arrays of
 * {@link TokenizedText#toInputs}, so a task can replace ids (with a mask token, say) before encoding them.
 */
public interface TokenSequenceEncoder {

    /**
     * Returns the number of token ids, special tokens included.
     *
     * @return the vocabulary size
     */
    int vocabularySize();

    /**
     * Returns the longest token sequence the encoder reads; longer texts are truncated to it.
     *
     * @return the maximum length, special tokens included
     */
    int maxLength();

    /**
     * Returns whether the encoder's attention is causal (each token sees only itself and the tokens before it).
     *
     * @return true for a left-to-right encoder
     */
    boolean causal();

    /**
     * Returns the id of a special token.
     *
     * @param token its text, e.g. {@code [MASK]}
     * @return its id
     * @throws IllegalArgumentException if the vocabulary has no such token
     */
    int specialTokenId(String token);

    /**
     * Tokenizes texts as the encoder's {@link Encoder#collate} does: special tokens added, truncated to
     * {@link #maxLength()}, padded to the longest.
     *
     * @param texts the texts
     * @return the tokens
     */
    TokenizedText tokenize(List<String> texts);

    /**
     * Returns how many tokens the encoder reads of each text ({@link #tokenize}'s lengths, special tokens included,
     * truncated to {@link #maxLength()}), tokenizing a bounded number of texts at a time.
     *
     * @param texts the texts
     * @return per text, its length
     */
    default int[] lengths(List<String> texts) {
        int[] lengths = new int[texts.size()];
        for (int from = 0; from < texts.size(); from += 512) {
            TokenizedText tokenized = tokenize(texts.subList(from, Math.min(texts.size(), from + 512)));
            for (int row = 0; row < tokenized.rows(); row++) {
                lengths[from + row] = tokenized.length(row);
            }
        }
        return lengths;
    }

    /**
     * Returns the log-probability of each token under a unigram model of the encoder's training text, if it counted
     * them: the baseline a language model's perplexity is compared with.
     *
     * @return per token id its natural-log probability, or empty
     */
    default java.util.Optional<double[]> unigramLogProbabilities() {
        return java.util.Optional.empty();
    }
}
