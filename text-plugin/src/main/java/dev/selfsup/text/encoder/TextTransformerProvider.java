package dev.selfsup.text.encoder;

import dev.selfsup.api.Encoder;
import dev.selfsup.api.EncoderPreparation;
import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.text.tokenizer.TokenizerJson;
import dev.selfsup.text.tokenizer.TokenizerSettings;
import dev.selfsup.text.tokenizer.WordPieceTrainer;
import org.pf4j.Extension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Provides the {@code text_transformer} encoder. It is prepared from the training text before its model is built:
 * a WordPiece vocabulary is trained ({@code tokenizer.json}, loadable by HuggingFace's {@code tokenizers} as it
 * is) and the tokens are counted ({@code text_statistics.json}: document frequencies for the TF-IDF baseline,
 * occurrences for the unigram perplexity).
 */
@Extension
public final class TextTransformerProvider implements EncoderProvider, EncoderPreparation {

    /** The tokenizer file of the prepared artifacts. */
    public static final String TOKENIZER = "tokenizer.json";

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("vocabulary_size", 8000, 16, 1_000_000, "WordPiece vocabulary size, special tokens and "
                    + "alphabet included")
            .addInt("min_frequency", 2, 1, 1_000_000, "words seen fewer times in the training text are not used to "
                    + "train the vocabulary")
            .addBoolean("nfkc", true, "Unicode NFKC normalisation before tokenizing")
            .addBoolean("lowercase", true, "lower-case the text before tokenizing")
            .addInt("tokenizer_documents", 0, 0, Integer.MAX_VALUE, "train the vocabulary on at most this many "
                    + "training documents, spread evenly (0: all)")
            .addInt("max_length", 128, 4, 65536, "tokens per text the model reads, [CLS] and [SEP] included; longer "
                    + "texts are truncated, or read in windows")
            .addInt("windows", 1, 1, 4096, "texts longer than max_length are read as up to this many consecutive "
                    + "windows of max_length tokens when embedded, evaluated or fine-tuned, each window attended on "
                    + "its own and the embedding pooled over all of them (1: the text is truncated); pretraining "
                    + "reads one window")
            .addInt("dim", 128, 8, 8192, "token width")
            .addInt("depth", 4, 1, 64, "transformer layers")
            .addInt("heads", 4, 1, 128, "attention heads; must divide dim")
            .addDouble("mlp_ratio", 4.0, 0.25, 16.0, "MLP hidden width relative to dim")
            .addBoolean("causal", false, "causal attention (each token sees only the tokens before it): for causal "
                    + "language modelling")
            .build();

    @Override
    public String name() {
        return "text_transformer";
    }

    @Override
    public String description() {
        return "pre-LayerNorm transformer over a WordPiece vocabulary trained from the data; learned positions, "
                + "padding masks, optional causal attention";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public Encoder create(Settings settings) {
        throw new UnsupportedOperationException("text_transformer is built from its prepared tokenizer");
    }

    @Override
    public Optional<EncoderPreparation> preparation() {
        return Optional.of(this);
    }

    @Override
    public void prepare(Settings settings, SampleSource train, Path artifacts) throws IOException {
        checkShape(settings);
        TokenizerSettings tokenizer = tokenizerSettings(settings);
        WordPieceTrainer trainer = new WordPieceTrainer(tokenizer);
        int[] rows = evenlySpread(train.size(), settings.getInt("tokenizer_documents"));
        for (int row : rows) {
            trainer.add(train.get(row).get(Sample.TEXT, String.class));
        }
        Path file = artifacts.resolve(TOKENIZER);
        TokenizerJson.write(trainer.train(), tokenizer, file);
        TextTokenizer trained = TextTokenizer.load(file, settings.getInt("max_length"));
        List<long[]> tokenized = new ArrayList<>(train.size());
        List<String> chunk = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            chunk.add(train.get(i).get(Sample.TEXT, String.class));
            if (chunk.size() == 512 || i == train.size() - 1) {
                tokenized.addAll(trained.wholeIds(chunk));
                chunk.clear();
            }
        }
        TextStatistics.count(tokenized, trained.vocabularySize()).write(artifacts);
    }

    @Override
    public Encoder create(Settings settings, Path artifacts) throws IOException {
        checkShape(settings);
        TextTokenizer tokenizer = TextTokenizer.load(artifacts.resolve(TOKENIZER), settings.getInt("max_length"));
        return new TextTransformerEncoder(settings, tokenizer,
                TextStatistics.read(artifacts, tokenizer.vocabularySize()));
    }

    private static TokenizerSettings tokenizerSettings(Settings settings) {
        return new TokenizerSettings(settings.getInt("vocabulary_size"), settings.getInt("min_frequency"),
                settings.getBoolean("nfkc"), settings.getBoolean("lowercase"));
    }

    private static void checkShape(Settings settings) {
        if (settings.getInt("dim") % settings.getInt("heads") != 0) {
            throw new RecipeException(new RecipeProblem(settings.location("heads"), settings.fullKey("heads"),
                    "heads " + settings.getInt("heads") + " does not divide dim " + settings.getInt("dim")));
        }
    }

    /** {@code count} rows spread evenly over {@code size} (all of them when count is 0 or not smaller). */
    static int[] evenlySpread(int size, int count) {
        int n = count <= 0 || count >= size ? size : count;
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = (int) ((long) i * size / n);
        }
        return rows;
    }
}
