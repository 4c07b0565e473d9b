package dev.selfsup.text.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the training text says about each token of the vocabulary: in how many documents it occurs (the inverse
 * document frequencies of the TF-IDF bag-of-words baseline) and how often it occurs (the unigram model that
 * language-modelling perplexity is compared with). Written by the encoder's preparation as
 * {@code text_statistics.json}.
 *
 * @param documents the training documents counted
 * @param documentFrequencies per token id, the documents it occurs in
 * @param tokenCounts per token id, its occurrences
 */
record TextStatistics(long documents, long[] documentFrequencies, long[] tokenCounts) {

    static final String FILE = "text_statistics.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Counts the tokens of documents.
     *
     * @param tokenized per document its token ids (without special tokens)
     * @param vocabularySize the ids
     * @return the statistics
     */
    static TextStatistics count(List<long[]> tokenized, int vocabularySize) {
        long[] df = new long[vocabularySize];
        long[] counts = new long[vocabularySize];
        boolean[] seen = new boolean[vocabularySize];
        for (long[] ids : tokenized) {
            java.util.Arrays.fill(seen, false);
            for (long id : ids) {
                counts[(int) id]++;
                if (!seen[(int) id]) {
                    seen[(int) id] = true;
                    df[(int) id]++;
                }
            }
        }
        return new TextStatistics(tokenized.size(), df, counts);
    }

    /**
     * Returns the smoothed inverse document frequency of each token, {@code ln((1 + n) / (1 + df)) + 1} (as
     * scikit-learn's {@code TfidfTransformer} with {@code smooth_idf}).
     *
     * @return per token id its weight
     */
    float[] inverseDocumentFrequencies() {
        float[] idf = new float[documentFrequencies.length];
        for (int i = 0; i < idf.length; i++) {
            idf[i] = (float) (Math.log((1.0 + documents) / (1.0 + documentFrequencies[i])) + 1.0);
        }
        return idf;
    }

    /**
     * Returns the log-probability of each token under a unigram model of the training text, with add-one smoothing
     * so a token never seen in training has a finite probability.
     *
     * @return per token id, its natural-log probability
     */
    double[] unigramLogProbabilities() {
        long total = 0;
        for (long c : tokenCounts) {
            total += c;
        }
        double[] out = new double[tokenCounts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.log((tokenCounts[i] + 1.0) / (total + tokenCounts.length));
        }
        return out;
    }

    void write(Path folder) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("documents", documents);
        document.put("document_frequencies", documentFrequencies);
        document.put("token_counts", tokenCounts);
        JSON.writeValue(folder.resolve(FILE).toFile(), document);
    }

    static TextStatistics read(Path folder, int vocabularySize) throws IOException {
        Path file = folder.resolve(FILE);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        long[] df = longs(root.path("document_frequencies"));
        long[] counts = longs(root.path("token_counts"));
        if (!root.path("documents").canConvertToLong() || df.length != vocabularySize
                || counts.length != vocabularySize) {
            throw new IOException(file + " does not describe a vocabulary of " + vocabularySize + " tokens");
        }
        return new TextStatistics(root.path("documents").asLong(), df, counts);
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
