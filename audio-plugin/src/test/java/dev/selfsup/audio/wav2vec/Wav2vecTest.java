package dev.selfsup.audio.wav2vec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Batch;
import dev.selfsup.api.DataDescription;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.StepInfo;
import dev.selfsup.api.TaskContext;
import dev.selfsup.api.Waveform;
import dev.selfsup.api.testing.PretextTaskCheck;
import dev.selfsup.audio.encoder.WaveformTransformerProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Span masks, distractors, the quantiser's perplexity and diversity, the temperature, and a whole step. */
class Wav2vecTest {

    @Test
    void spansMaskAboutHalfTheRealFramesAndNeverPadding() {
        SpanMasking masking = new SpanMasking(0.65, 10, 2);
        Random random = new Random(1);
        double maskedShare = 0;
        int draws = 400;
        for (int d = 0; d < draws; d++) {
            boolean[][] masks = masking.draw(new int[] {200, 37, 5, 0}, 200, random);
            int masked = 0;
            for (int t = 0; t < 200; t++) {
                masked += masks[0][t] ? 1 : 0;
            }
            maskedShare += masked / 200.0 / draws;
            for (int t = 37; t < 200; t++) {
                assertFalse(masks[1][t], "padding of the 37-frame utterance is never masked");
            }
            int shortMasked = 0;
            for (int t = 0; t < 200; t++) {
                assertFalse(t >= 5 && masks[2][t]);
                shortMasked += masks[2][t] ? 1 : 0;
                assertFalse(masks[3][t], "an empty utterance has nothing to mask");
            }
            assertEquals(5, shortMasked, "a 5-frame utterance: one span from frame 0 covers it");
        }
        // 13 spans of 10 over 200 frames with overlaps: 1 - (1 - 10/191)^13 is about 0.50 of the frames
        assertEquals(0.49, maskedShare, 0.03);
        assertArrayEquals(masking.draw(new int[] {120}, 120, new Random(7))[0],
                masking.draw(new int[] {120}, 120, new Random(7))[0], "the same stream gives the same mask");
    }

    @Test
    void distractorsComeFromTheSameUtteranceAndAreNeverTheTarget() {
        int[] utteranceOf = {0, 0, 0, 0, 1, 1, 2};
        int[][] negatives = Negatives.draw(utteranceOf, 50, new Random(3));
        for (int i = 0; i < utteranceOf.length; i++) {
            for (int j : negatives[i]) {
                assertEquals(utteranceOf[i], utteranceOf[j], "same utterance");
                if (i != 6) {
                    assertNotEquals(i, j, "never the target");
                }
            }
        }
        assertEquals(5, negatives[4][0], "a two-frame utterance offers only the other frame");
        assertEquals(6, negatives[6][0], "a lone masked frame has only itself, which the loss excludes");
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int j : negatives[0]) {
            seen.add(j);
        }
        assertEquals(java.util.Set.of(1, 2, 3), seen, "all the others, uniformly");
    }

    @Test
    void perplexityAndDiversityMatchAHandComputation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] p = {0.25f, 0.25f, 0.25f, 0.25f, 0.7f, 0.1f, 0.1f, 0.1f};
            NDArray distributions = manager.create(p, new Shape(2, 4));
            double uniform = 4; // exp(ln 4)
            double skewed = Math.exp(-(0.7 * Math.log(0.7) + 3 * 0.1 * Math.log(0.1)));
            assertEquals(uniform + skewed, Wav2vecTask.perplexity(distributions).getFloat(), 1e-4);
            // diversity loss (G·V - perplexity) / (G·V) = (8 - 6.45...) / 8
        }
    }

    private static PretextTask task(Map<String, Object> taskValues) {
        WaveformTransformerProvider encoders = new WaveformTransformerProvider();
        List<RecipeProblem> problems = new ArrayList<>();
        Settings encoderSettings = encoders.schema().validate(Settings.of(Map.of("conv_channels", 16, "dim", 32,
                "depth", 1, "heads", 2, "position_kernel", 8, "position_groups", 4, "max_seconds", 1.0)), problems);
        Encoder encoder = encoders.create(encoderSettings);
        Wav2vecTaskProvider provider = new Wav2vecTaskProvider();
        Settings settings = provider.schema().validate(Settings.of(taskValues), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        TaskContext context = new TaskContext(settings, Map.of("encoder", encoder),
                new DataDescription(List.of(Sample.AUDIO), List.of()), 1);
        assertEquals("", provider.unsupportedReason(context));
        return provider.create(context);
    }

    private static Batch batch() {
        Random random = new Random(9);
        List<Sample> samples = new ArrayList<>();
        for (int length : new int[] {16000, 12000, 9000}) {
            float[] x = new float[length];
            for (int i = 0; i < length; i++) {
                x[i] = (float) (0.3 * Math.sin(i * (0.02 + 0.01 * samples.size())) + 0.05 * random.nextGaussian());
            }
            samples.add(Sample.unlabelled(Sample.AUDIO, new Waveform(x, 16000)));
        }
        return Batch.of(samples);
    }

    @Test
    void aStepTrainsEveryParameterAndStartsNearChance() {
        // with cosine similarities of random 256-wide vectors (sd 1/16, over the temperature 0.1: 0.6) the loss
        // starts near ln(k + 1) = 2.40, plus about half their variance (0.2)
        PretextTask task = task(Map.of("distractors", 10, "entries", 16, "code_dim", 16, "final_dim", 256));
        try (NDManager manager = NDManager.newBaseManager()) {
            PretextTaskCheck.Result result = PretextTaskCheck.check(task, batch(), manager, 42);
            assertTrue(result.gradientNorm() > 0);
            StepInfo step = new StepInfo(0, 0, 100, 10);
            NDList outputs = task.forward(new ParameterStore(manager, false), task.collate(batch(), manager), step,
                    new Random(5));
            PretextLoss loss = task.loss(outputs, step);
            double contrastive = loss.metrics().get("contrastive_loss").getFloat();
            assertEquals(Math.log(11) + 0.2, contrastive, 0.5, "about ln(k + 1) before training: " + contrastive);
            float masked = loss.metrics().get("masked_frames").getFloat();
            assertTrue(masked > 0.3 * (49 + 37 + 27) && masked < 0.75 * (49 + 37 + 27), "masked frames " + masked);
            float codes = loss.metrics().get("code_perplexity").getFloat();
            assertTrue(codes >= 1 && codes <= 2 * 16, "code perplexity " + codes);
            assertEquals(2.0, loss.metrics().get("temperature").getFloat(), 1e-6);
            // counted by hand (in Python) for this model: 49 frames of a one-second clip, 24 of them masked
            assertEquals(8_301_376L, task.forwardFlopsPerSample());
        }
    }

    @Test
    void theTemperatureFallsToItsFloorAtTheAnnealFraction() {
        Wav2vecTask task = (Wav2vecTask) task(Map.of("anneal_fraction", 0.5));
        assertEquals(2.0, task.temperature(new StepInfo(0, 0, 1000, 100)), 1e-12);
        assertEquals(1.0, task.temperature(new StepInfo(250, 0, 1000, 100)), 1e-9, "geometric: halfway in log");
        assertEquals(0.5, task.temperature(new StepInfo(500, 0, 1000, 100)), 1e-9);
        assertEquals(0.5, task.temperature(new StepInfo(900, 0, 1000, 100)), 1e-12);
    }
}
