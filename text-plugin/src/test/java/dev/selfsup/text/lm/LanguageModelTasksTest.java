package dev.selfsup.text.lm;

import ai.djl.ndarray.NDManager;
import dev.selfsup.api.Batch;
import dev.selfsup.api.DataDescription;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.TaskContext;
import dev.selfsup.api.TokenSequenceEncoder;
import dev.selfsup.api.TokenizedText;
import dev.selfsup.api.testing.PretextTaskCheck;
import dev.selfsup.text.encoder.TinyText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Masked and causal language modelling: a checked step, the masking's proportions, the refusals. */
class LanguageModelTasksTest {

    @TempDir
    Path work;

    private static TaskContext context(PretextTaskProvider provider, Encoder encoder, Map<String, Object> values) {
        Settings settings = provider.schema().validate(Settings.of(values), new ArrayList<>());
        return new TaskContext(settings, Map.of(TaskContext.DEFAULT_ENCODER, encoder),
                new DataDescription(List.of(Sample.TEXT), List.of()), 1);
    }

    private static final PretextTaskProvider MLM = new MaskedLmTaskProvider();
    private static final PretextTaskProvider CLM = new CausalLmTaskProvider();

    private static Batch batch() {
        return Batch.of(TinyText.documents(6).stream().map(t -> Sample.unlabelled(Sample.TEXT, t)).toList());
    }

    @Test
    void aMaskedLmStepHasFiniteGradientsAndStartsNearTheUniformLoss() throws Exception {
        Encoder encoder = TinyText.encoder(work, Map.of());
        PretextTask task = MLM.create(context(MLM, encoder, Map.of()));
        try (NDManager manager = NDManager.newBaseManager()) {
            PretextTaskCheck.Result result = PretextTaskCheck.check(task, batch(), manager, 7);
            int vocabulary = encoder.capability(TokenSequenceEncoder.class).orElseThrow().vocabularySize();
            assertEquals(Math.log(vocabulary), result.loss(), 1.0, "an untrained model guesses uniformly");
        }
    }

    @Test
    void aCausalLmStepHasFiniteGradients() throws Exception {
        Encoder encoder = TinyText.encoder(work, Map.of("causal", true));
        PretextTask task = CLM.create(context(CLM, encoder, Map.of()));
        try (NDManager manager = NDManager.newBaseManager()) {
            assertTrue(Float.isFinite(PretextTaskCheck.check(task, batch(), manager, 7).loss()));
        }
    }

    @Test
    void eachTaskRefusesTheWrongAttention() throws Exception {
        Encoder bidirectional = TinyText.encoder(work.resolve("b"), Map.of());
        Encoder causal = TinyText.encoder(work.resolve("c"), Map.of("causal", true));
        String clm = CLM.unsupportedReason(context(CLM, bidirectional, Map.of()));
        String mlm = MLM.unsupportedReason(context(MLM, causal, Map.of()));
        assertTrue(clm.contains("encoder.causal: true"), clm);
        assertTrue(mlm.contains("encoder.causal: false"), mlm);
    }

    @Test
    void maskingSelectsFifteenPercentSplitEightyTenTenAndNeverSpecialTokensOrPadding() throws Exception {
        TokenSequenceEncoder tokens = TinyText.encoder(work, Map.of("max_length", 64))
                .capability(TokenSequenceEncoder.class).orElseThrow();
        int maskId = tokens.specialTokenId("[MASK]");
        MlmMasking masking = new MlmMasking(0.15, 0.8, 0.1, false, maskId, 5, tokens.vocabularySize());
        List<String> texts = new ArrayList<>(TinyText.documents(64));
        texts.add("fox"); // a short text: padding in every batch
        TokenizedText text = tokens.tokenize(texts);
        Random random = new Random(3);
        long maskable = 0;
        long selected = 0;
        long masked = 0;
        long kept = 0;
        for (int round = 0; round < 40; round++) {
            TokenTargets targets = masking.mask(text, random);
            for (int i = 0; i < targets.positions().length; i++) {
                int row = (int) (targets.positions()[i] / text.width());
                int t = (int) (targets.positions()[i] % text.width());
                assertTrue(t < text.length(row) && text.wordIds(row)[t] >= 0, "selected a special token or padding");
                assertEquals(text.ids(row)[t], targets.labels()[i]);
                long shown = targets.inputIds()[row][t];
                masked += shown == maskId ? 1 : 0;
                kept += shown == text.ids(row)[t] ? 1 : 0;
            }
            selected += targets.positions().length;
            for (int row = 0; row < text.rows(); row++) {
                for (int t = 0; t < text.length(row); t++) {
                    maskable += text.wordIds(row)[t] >= 0 ? 1 : 0;
                }
            }
        }
        assertEquals(0.15, (double) selected / maskable, 0.01);
        assertEquals(0.8, (double) masked / selected, 0.02);
        assertEquals(0.1, (double) kept / selected, 0.02, "unchanged (a random token may also draw the true one)");
    }

    @Test
    void wholeWordMaskingSelectsEveryPieceOfAWord() throws Exception {
        TokenSequenceEncoder tokens = TinyText.encoder(work, Map.of("max_length", 64))
                .capability(TokenSequenceEncoder.class).orElseThrow();
        MlmMasking masking = new MlmMasking(0.3, 1.0, 0.0, true, tokens.specialTokenId("[MASK]"), 5,
                tokens.vocabularySize());
        TokenizedText text = tokens.tokenize(List.of("quickly chases the rain and winter forest"));
        int[] words = text.wordIds(0);
        for (int round = 0; round < 20; round++) {
            TokenTargets targets = masking.mask(text, new Random(round));
            java.util.Set<Integer> maskedWords = new java.util.HashSet<>();
            for (long p : targets.positions()) {
                maskedWords.add(words[(int) p]);
            }
            for (int t = 0; t < text.length(0); t++) {
                boolean isMasked = targets.inputIds()[0][t] == tokens.specialTokenId("[MASK]");
                assertEquals(words[t] >= 0 && maskedWords.contains(words[t]), isMasked, "token " + t);
            }
        }
    }
}
