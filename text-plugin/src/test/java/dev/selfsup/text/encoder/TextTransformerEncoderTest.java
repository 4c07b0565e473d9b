package dev.selfsup.text.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.EncoderOutput;
import dev.selfsup.api.LayeredEncoder;
import dev.selfsup.api.Sample;
import dev.selfsup.api.TokenSequenceEncoder;
import dev.selfsup.api.TokenizedText;
import dev.selfsup.nn.Pooling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text encoder prepared from text: its artifacts, padding, causality, TF-IDF features. */
class TextTransformerEncoderTest {

    @TempDir
    Path work;

    @Test
    void preparationIsDeterministicAndWritesAStandardTokenizer() throws Exception {
        TinyText.encoder(work.resolve("a"), Map.of());
        TinyText.encoder(work.resolve("b"), Map.of());
        for (String file : List.of(TextTransformerProvider.TOKENIZER, TextStatistics.FILE)) {
            assertArrayEquals(Files.readAllBytes(work.resolve("a").resolve(file)),
                    Files.readAllBytes(work.resolve("b").resolve(file)), file);
        }
        TokenSequenceEncoder tokens = TinyText.encoder(work.resolve("c"), Map.of())
                .capability(TokenSequenceEncoder.class).orElseThrow();
        TokenizedText text = tokens.tokenize(List.of("the lazy dog", "a fox"));
        assertEquals(tokens.specialTokenId("[CLS]"), text.ids(0)[0]);
        assertEquals(tokens.specialTokenId("[SEP]"), text.ids(0)[text.length(0) - 1]);
        assertEquals(0, text.ids(1)[text.width() - 1], "padding is [PAD] = 0");
        assertEquals(-1, text.wordIds(0)[0], "[CLS] belongs to no word");
    }

    @Test
    void longTextsAreTruncatedToTheMaximumLength() throws Exception {
        TokenSequenceEncoder tokens = TinyText.encoder(work, Map.of("max_length", 10))
                .capability(TokenSequenceEncoder.class).orElseThrow();
        TokenizedText text = tokens.tokenize(List.of(String.join(" ", TinyText.documents(5))));
        assertEquals(10, text.width());
        assertEquals(tokens.specialTokenId("[SEP]"), text.ids(0)[9]);
        TokenSequenceEncoder beyond512 = TinyText.encoder(work.resolve("long"), Map.of("max_length", 600))
                .capability(TokenSequenceEncoder.class).orElseThrow();
        assertEquals(600, beyond512.tokenize(List.of(String.join(" ", TinyText.documents(100)))).width(),
                "not DJL's default cap of 512");
    }

    @Test
    void longTextsAreReadInWindowsEachAttendedOnItsOwn() throws Exception {
        Encoder encoder = TinyText.encoder(work, Map.of("max_length", 10, "windows", 3));
        TokenSequenceEncoder tokens = encoder.capability(TokenSequenceEncoder.class).orElseThrow();
        String long5 = String.join(" ", TinyText.documents(5));
        TokenSequenceEncoder counter = TinyText.encoder(work.resolve("counter"), Map.of("max_length", 4096))
                .capability(TokenSequenceEncoder.class).orElseThrow();
        String twoWindows = "";
        for (String word : long5.split(" ")) { // the longest start of long5 that fits two windows of 8 pieces
            String longer = twoWindows.isEmpty() ? word : twoWindows + " " + word;
            if (counter.tokenize(List.of(longer)).length(0) - 2 > 16) {
                break;
            }
            twoWindows = longer;
        }
        assertTrue(counter.tokenize(List.of(twoWindows)).length(0) - 2 > 8, twoWindows);
        assertTrue(counter.tokenize(List.of(long5)).length(0) - 2 > 24, "long5 needs more than 3 windows");
        try (NDManager manager = NDManager.newBaseManager()) {
            encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(1));
            NDList inputs = encoder.collate(List.of(Sample.unlabelled(Sample.TEXT, twoWindows),
                    Sample.unlabelled(Sample.TEXT, long5)), manager);
            assertEquals(new ai.djl.ndarray.types.Shape(2, 3, 10), inputs.get(0).getShape(), "cut at 3 windows");
            long[] ids = inputs.get(0).toLongArray();
            float[] valid = inputs.get(1).toFloatArray();
            TokenizedText truncated = tokens.tokenize(List.of(twoWindows, long5));
            for (int row = 0; row < 2; row++) {
                long[] first = java.util.Arrays.copyOfRange(ids, row * 30, row * 30 + truncated.length(row));
                assertArrayEquals(java.util.Arrays.copyOf(truncated.ids(row), truncated.length(row)), first,
                        "the first window is the truncated text");
            }
            assertEquals(tokens.specialTokenId("[CLS]"), ids[10], "the second window starts anew");
            assertEquals(0f, valid[29], "the first text needs two windows: the third is padding");
            assertEquals(1f, valid[59], "the long text fills its third window");

            NDList out = encoder.block().forward(new ParameterStore(manager, false), inputs, false);
            assertEquals(new ai.djl.ndarray.types.Shape(2, 30, encoder.embeddingDim()),
                    EncoderOutput.tokens(out).getShape());
            assertEquals(new ai.djl.ndarray.types.Shape(2, 30), EncoderOutput.validMask(out).getShape());
            for (int window = 0; window < 3; window++) { // the long text's windows, encoded one at a time
                NDList alone = new NDList(inputs.get(0).get(1).get(window).reshape(1, 10),
                        inputs.get(1).get(1).get(window).reshape(1, 10));
                float[] expected = EncoderOutput.tokens(encoder.block().forward(new ParameterStore(manager, false),
                        alone, false)).toFloatArray();
                float[] joined = EncoderOutput.tokens(out).get(1).get(window * 10 + ":" + (window * 10 + 10))
                        .toFloatArray();
                assertArrayEquals(expected, joined, 1e-5f, "window " + window);
            }
        }
    }

    @Test
    void paddingDoesNotChangeAnEmbedding() throws Exception {
        for (int windows : new int[] {1, 3}) {
            paddingDoesNotChangeAnEmbedding(TinyText.encoder(work.resolve("w" + windows),
                    Map.of("max_length", 16, "windows", windows)));
        }
    }

    private static void paddingDoesNotChangeAnEmbedding(Encoder encoder) {
        try (NDManager manager = NDManager.newBaseManager()) {
            encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(2));
            Sample shortText = Sample.unlabelled(Sample.TEXT, "the lazy dog");
            Sample longText = Sample.unlabelled(Sample.TEXT, TinyText.documents(1).get(0));
            float[] alone = embed(encoder, List.of(shortText), manager);
            float[] padded = embed(encoder, List.of(shortText, longText), manager);
            for (int i = 0; i < alone.length; i++) {
                assertEquals(alone[i], padded[i], 1e-5, "dimension " + i);
            }
        }
    }

    @Test
    void aCausalEncoderDoesNotLookAhead() throws Exception {
        for (boolean causal : new boolean[] {true, false}) {
            Encoder encoder = TinyText.encoder(work.resolve(String.valueOf(causal)), Map.of("causal", causal));
            try (NDManager manager = NDManager.newBaseManager()) {
                encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(1));
                NDArray a = tokens(encoder, "the quick brown fox", manager);
                NDArray b = tokens(encoder, "the quick brown dog", manager);
                float[] firstA = a.get(0).get("0:3").toFloatArray();
                float[] firstB = b.get(0).get("0:3").toFloatArray();
                if (causal) {
                    assertArrayEquals(firstA, firstB, 1e-5f, "the tokens before the change see none of it");
                } else {
                    assertNotEquals(firstA[0], firstB[0], "a bidirectional encoder sees the change everywhere");
                }
            }
        }
    }

    @Test
    void rawFeaturesAreUnitLengthTfIdfOverTheWholeText() throws Exception {
        Encoder encoder = TinyText.encoder(work, Map.of("max_length", 8));
        float[] features = encoder.rawFeatures(Sample.unlabelled(Sample.TEXT, TinyText.documents(3).get(2)));
        double norm = 0;
        int nonZero = 0;
        for (float f : features) {
            norm += f * f;
            nonZero += f != 0 ? 1 : 0;
        }
        assertEquals(1.0, norm, 1e-5);
        assertTrue(nonZero > 8, "beyond the model's 8 tokens: " + nonZero);
        TokenSequenceEncoder tokens = encoder.capability(TokenSequenceEncoder.class).orElseThrow();
        float[] weighted = encoder.rawFeatures(Sample.unlabelled(Sample.TEXT, "the winter"));
        int the = (int) tokens.tokenize(List.of("the")).ids(0)[1];
        int winter = (int) tokens.tokenize(List.of("winter")).ids(0)[1];
        assertTrue(weighted[winter] > 1.5 * weighted[the], "a rare word outweighs 'the': " + weighted[winter] + " vs "
                + weighted[the]);
        float[] empty = encoder.rawFeatures(Sample.unlabelled(Sample.TEXT, ""));
        for (float f : empty) {
            assertEquals(0f, f);
        }
    }

    @Test
    void itsDepthLevelsRunFromTheEmbeddingsToTheFinalNorm() throws Exception {
        Encoder encoder = TinyText.encoder(work, Map.of("depth", 2));
        LayeredEncoder layered = encoder.capability(LayeredEncoder.class).orElseThrow();
        assertEquals(4, layered.layerCount());
        try (NDManager manager = NDManager.newBaseManager()) {
            encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(1));
            java.util.Set<Integer> levels = new java.util.TreeSet<>();
            for (var parameter : encoder.block().getParameters()) {
                String name = parameter.getKey();
                int level = layered.layerOf(name);
                levels.add(level);
                if (name.contains("token_embedding") || name.contains("positions")) {
                    assertEquals(0, level, name);
                } else if (name.contains("final_norm")) {
                    assertEquals(3, level, name);
                } else {
                    assertEquals(name.contains("layer0") ? 1 : 2, level, name);
                }
            }
            assertEquals(java.util.Set.of(0, 1, 2, 3), levels);
        }
    }

    private static float[] embed(Encoder encoder, List<Sample> samples, NDManager manager) {
        NDList out = encoder.block().forward(new ParameterStore(manager, false), encoder.collate(samples, manager),
                false);
        return Pooling.mean(EncoderOutput.tokens(out), EncoderOutput.validMask(out)).get(0).toFloatArray();
    }

    private static NDArray tokens(Encoder encoder, String text, NDManager manager) {
        return EncoderOutput.tokens(encoder.block().forward(new ParameterStore(manager, false),
                encoder.collate(List.of(Sample.unlabelled(Sample.TEXT, text)), manager), false));
    }
}
