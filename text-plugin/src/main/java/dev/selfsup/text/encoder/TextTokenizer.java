package dev.selfsup.text.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.api.TokenizedText;
import dev.selfsup.text.tokenizer.TokenizerSettings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained {@code tokenizer.json} as the encoder uses it, through DJL's binding of HuggingFace's tokenizers: texts
 * cut to the encoder's length for the model, whole texts for bag-of-words features. Safe for concurrent use (the
 * native tokenizer is immutable). The native tokenizers live as long as this object's class loader's JVM uses
 * them: an encoder is built a few times per run, and DJL frees them when they are garbage collected.
 */
final class TextTokenizer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer truncating;
    private final HuggingFaceTokenizer whole;
    private final Map<String, Integer> vocabulary;
    private final int maxLength;

    private TextTokenizer(HuggingFaceTokenizer truncating, HuggingFaceTokenizer whole, Map<String, Integer> vocabulary,
                          int maxLength) {
        this.truncating = truncating;
        this.whole = whole;
        this.vocabulary = vocabulary;
        this.maxLength = maxLength;
    }

    /**
     * Loads a tokenizer.
     *
     * @param file its {@code tokenizer.json}
     * @param maxLength the longest sequence for the model, special tokens included
     * @return the tokenizer
     * @throws IOException if the file cannot be read or is not a WordPiece tokenizer, naming it
     */
    static TextTokenizer load(Path file, int maxLength) throws IOException {
        Map<String, Integer> vocabulary = new LinkedHashMap<>();
        try {
            JsonNode vocab = JSON.readTree(file.toFile()).path("model").path("vocab");
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                vocabulary.put(entry.getKey(), entry.getValue().asInt());
            }
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (vocabulary.isEmpty()) {
            throw new IOException(file + " holds no model.vocab: not a WordPiece tokenizer.json");
        }
        HuggingFaceTokenizer.Builder builder = HuggingFaceTokenizer.builder();
        builder.configure(Map.of("modelMaxLength", String.valueOf(maxLength))); // else DJL caps it at 512
        HuggingFaceTokenizer truncating = builder.optTokenizerPath(file).optMaxLength(maxLength).optTruncation(true)
                .optPadding(false).optAddSpecialTokens(true).build();
        HuggingFaceTokenizer whole = HuggingFaceTokenizer.builder().optTokenizerPath(file)
                .optTruncation(false).optPadding(false).optAddSpecialTokens(false).build();
        return new TextTokenizer(truncating, whole, vocabulary, maxLength);
    }

    int vocabularySize() {
        return vocabulary.size();
    }

    int maxLength() {
        return maxLength;
    }

    /** The id of a token of the vocabulary. */
    int id(String token) {
        Integer id = vocabulary.get(token);
        if (id == null) {
            throw new IllegalArgumentException("the vocabulary has no token '" + token + "'");
        }
        return id;
    }

    /** Texts with special tokens, truncated to the maximum length, padded with id 0 to the longest. */
    TokenizedText tokenize(List<String> texts) {
        Encoding[] encodings = truncating.batchEncode(texts);
        int width = 0;
        for (Encoding encoding : encodings) {
            width = Math.max(width, encoding.getIds().length);
        }
        long[][] ids = new long[encodings.length][width];
        int[][] words = new int[encodings.length][width];
        int[] lengths = new int[encodings.length];
        for (int i = 0; i < encodings.length; i++) {
            long[] own = encodings[i].getIds();
            long[] wordIds = encodings[i].getWordIds();
            long[] special = encodings[i].getSpecialTokenMask();
            System.arraycopy(own, 0, ids[i], 0, own.length);
            Arrays.fill(words[i], -1);
            for (int t = 0; t < own.length; t++) {
                words[i][t] = special[t] != 0 ? -1 : (int) wordIds[t];
            }
            lengths[i] = own.length;
        }
        return new TokenizedText(ids, lengths, words);
    }

    /**
     * Texts read as consecutive windows of the maximum length: each window {@code [CLS]}, up to {@code maxLength - 2}
     * tokens of the text, {@code [SEP]}; a text longer than {@code maxWindows} windows loses its end. The batch has
     * as many windows as its longest text needs; a shorter text's missing windows are all padding. The first
     * window of a text is what {@link #tokenize} gives it.
     *
     * @param texts the texts
     * @param maxWindows the most windows per text, at least 1
     * @param manager where to allocate
     * @return ids {@code (texts, windows, maxLength)} as int64 and the valid-token mask of the same shape as
     *         float32, 1 for real tokens
     */
    NDList windows(List<String> texts, int maxWindows, NDManager manager) {
        int perWindow = maxLength - 2;
        List<long[]> whole = wholeIds(texts);
        int windows = 1;
        for (long[] ids : whole) {
            windows = Math.max(windows, Math.min(maxWindows, windowsOf(ids.length, perWindow)));
        }
        long cls = id(TokenizerSettings.CLS);
        long sep = id(TokenizerSettings.SEP);
        long[] ids = new long[texts.size() * windows * maxLength];
        float[] valid = new float[ids.length];
        for (int i = 0; i < texts.size(); i++) {
            long[] text = whole.get(i);
            int own = Math.min(windows, windowsOf(text.length, perWindow));
            for (int w = 0; w < own; w++) {
                int at = (i * windows + w) * maxLength;
                int from = w * perWindow;
                int count = Math.min(perWindow, text.length - from);
                ids[at] = cls;
                System.arraycopy(text, from, ids, at + 1, count);
                ids[at + count + 1] = sep;
                Arrays.fill(valid, at, at + count + 2, 1f);
            }
        }
        Shape shape = new Shape(texts.size(), windows, maxLength);
        return new NDList(manager.create(ids, shape), manager.create(valid, shape));
    }

    private static int windowsOf(int tokens, int perWindow) {
        return Math.max(1, (tokens + perWindow - 1) / perWindow);
    }

    /** The ids of a whole text, without special tokens. */
    long[] wholeIds(String text) {
        return whole.encode(text).getIds();
    }

    /** The ids of whole texts, without special tokens. */
    List<long[]> wholeIds(List<String> texts) {
        List<long[]> out = new ArrayList<>(texts.size());
        for (Encoding encoding : whole.batchEncode(texts)) {
            out.add(encoding.getIds());
        }
        return out;
    }
}
