package dev.selfsup.text.encoder;

import dev.selfsup.api.Encoder;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tiny English corpus and a small text_transformer prepared from it, for the text plugin's tests. */
public final class TinyText {

    private static final String[] SENTENCES = {
        "the quick brown fox jumps over the lazy dog.",
        "a lazy dog sleeps in the warm sun all day long.",
        "the fox runs quickly through the green forest at night.",
        "birds sing in the trees while the river flows to the sea.",
        "the old man reads a long book by the fire in winter.",
        "children play in the park and the dog chases a red ball.",
        "rain falls on the quiet town and the streets shine.",
        "the cat watches the birds from the window of the house.",
    };

    private TinyText() {
    }

    /**
     * Returns the corpus: every sentence, paired and shifted, as unlabelled samples.
     *
     * @param documents how many documents
     * @return the samples
     */
    public static List<String> documents(int documents) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            out.add(SENTENCES[i % SENTENCES.length] + " " + SENTENCES[(i * 3 + 1) % SENTENCES.length]);
        }
        return out;
    }

    /**
     * Returns texts as an unlabelled split.
     *
     * @param texts the texts
     * @return the split
     */
    public static SampleSource source(List<String> texts) {
        return new SampleSource() {
            @Override
            public int size() {
                return texts.size();
            }

            @Override
            public Sample get(int index) {
                return Sample.unlabelled(Sample.TEXT, texts.get(index));
            }

            @Override
            public List<String> classNames() {
                return List.of();
            }
        };
    }

    /**
     * Returns validated encoder settings: small sizes, overridden by {@code values}.
     *
     * @param values settings to change
     * @return the settings
     */
    public static Settings settings(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(Map.of("vocabulary_size", 120, "min_frequency", 1, "max_length", 24,
                "dim", 32, "depth", 2, "heads", 4));
        all.putAll(values);
        return new TextTransformerProvider().schema().validate(Settings.of(all), new ArrayList<>());
    }

    /**
     * Prepares and builds an encoder from the tiny corpus.
     *
     * @param folder an empty folder for the artifacts
     * @param values settings to change
     * @return the encoder, uninitialised
     * @throws IOException if the artifacts cannot be written
     */
    public static Encoder encoder(Path folder, Map<String, Object> values) throws IOException {
        TextTransformerProvider provider = new TextTransformerProvider();
        Settings settings = settings(values);
        Files.createDirectories(folder);
        provider.prepare(settings, source(documents(40)), folder);
        return provider.create(settings, folder);
    }
}
