package dev.selfsup.text.encoder;

import dev.selfsup.api.data.Utf8Text;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.TokenSequenceEncoder;
import dev.selfsup.api.TokenizedText;
import dev.selfsup.nn.TransformerStack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code text_transformer} encoder: a {@link TextTransformer} over the ids of its trained WordPiece tokenizer.
 * Its raw-input features (the baseline every evaluation compares with) are TF-IDF over the same vocabulary, with
 * the document frequencies of the training text, over the whole text (not truncated), L2-normalised. As a
 * {@link dev.selfsup.api.LayeredEncoder} its depth levels are the embeddings (0), each layer (1 to depth) and the final norm.
 */
public final class TextTransformerEncoder implements Encoder, TokenSequenceEncoder, TransformerStack.Levels {

    private final Settings settings;
    private final TextTokenizer tokenizer;
    private final TextStatistics statistics;
    private final float[] idf;
    private final TextTransformer block;
    private final boolean causal;

    TextTransformerEncoder(Settings settings, TextTokenizer tokenizer, TextStatistics statistics) {
        this.settings = settings;
        this.tokenizer = tokenizer;
        this.statistics = statistics;
        this.idf = statistics.inverseDocumentFrequencies();
        this.causal = settings.getBoolean("causal");
        this.block = new TextTransformer(tokenizer.vocabularySize(), tokenizer.maxLength(), settings.getInt("dim"),
                settings.getInt("depth"), settings.getInt("heads"), settings.getDouble("mlp_ratio"), causal);
    }

    @Override
    public String modality() {
        return Sample.TEXT;
    }

    @Override
    public TextTransformer block() {
        return block;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        Shape shape = new Shape(batchSize, tokenizer.maxLength());
        return new Shape[] {shape, shape};
    }

    @Override
    public int embeddingDim() {
        return settings.getInt("dim");
    }

    /**
     * {@inheritDoc} A text longer than {@code max_length} tokens is truncated, or with {@code windows} above 1 read
     * as windows ({@link TextTransformer}'s windowed input), so that a long document's embedding pools all of it.
     */
    @Override
    public NDList collate(List<Sample> samples, NDManager manager) {
        int windows = settings.getInt("windows");
        List<String> texts = texts(samples);
        return windows == 1 ? tokenize(texts).toInputs(manager) : tokenizer.windows(texts, windows, manager);
    }

    /**
     * Returns the texts of samples.
     *
     * @param samples samples with a {@link Sample#TEXT} field
     * @return their texts
     */
    public static List<String> texts(List<Sample> samples) {
        List<String> texts = new ArrayList<>(samples.size());
        for (Sample sample : samples) {
            texts.add(sample.get(Sample.TEXT, String.class));
        }
        return texts;
    }

    @Override
    public float[] rawFeatures(Sample sample) {
        float[] features = new float[idf.length];
        for (long id : tokenizer.wholeIds(sample.get(Sample.TEXT, String.class))) {
            features[(int) id] += idf[(int) id];
        }
        double norm = 0;
        for (float f : features) {
            norm += (double) f * f;
        }
        if (norm > 0) {
            float scale = (float) (1.0 / Math.sqrt(norm));
            for (int i = 0; i < features.length; i++) {
                features[i] *= scale;
            }
        }
        return features;
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Sample readFile(Path file) throws IOException {
        return Sample.unlabelled(Sample.TEXT, Utf8Text.read(file));
    }

    @Override
    public int stackDepth() {
        return settings.getInt("depth");
    }

    @Override
    public int vocabularySize() {
        return tokenizer.vocabularySize();
    }

    @Override
    public int maxLength() {
        return tokenizer.maxLength();
    }

    @Override
    public boolean causal() {
        return causal;
    }

    @Override
    public int specialTokenId(String token) {
        return tokenizer.id(token);
    }

    @Override
    public TokenizedText tokenize(List<String> texts) {
        return tokenizer.tokenize(texts);
    }

    @Override
    public Optional<double[]> unigramLogProbabilities() {
        return Optional.of(statistics.unigramLogProbabilities());
    }
}
