package dev.selfsup.audio.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.Waveform;
import dev.selfsup.audio.TestWavs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic corpus generated for real (espeak-ng, flite and sox; one variant per accent, 190 clips, a few
 * seconds) and the data set's splits over it, with the recorded prompts stood in by tones in the package layout.
 */
class SpokenDigitsTest {

    @TempDir
    static Path dataRoot;

    private static Path corpus;
    private static final List<String> log = new ArrayList<>();

    @BeforeAll
    static void generate() {
        corpus = SpokenDigitCorpus.ensure(dataRoot, 3, 1, true, log::add);
    }

    @Test
    void thePlanDrawsEachVariantsSpeedAndPitchFromTheSeed() {
        List<SpokenDigitCorpus.Clip> plan = SpokenDigitCorpus.plan(3, 15);
        assertEquals(7 * 15 * 10 + 4 * 3 * 10, plan.size());
        assertEquals(plan, SpokenDigitCorpus.plan(3, 15));
        assertFalse(plan.equals(SpokenDigitCorpus.plan(4, 15)), "another seed, other voices");
        Set<String> speeds = new HashSet<>();
        for (SpokenDigitCorpus.Clip clip : plan.subList(0, 1050)) {
            int speed = Integer.parseInt(clip.synthesis().get(4));
            int pitch = Integer.parseInt(clip.synthesis().get(6));
            assertTrue(speed >= 120 && speed <= 230 && pitch >= 20 && pitch <= 80, clip.toString());
            speeds.add(clip.synthesis().get(2) + " " + speed);
        }
        assertEquals(105, speeds.size(), "one speed per accent and variant, shared by its ten words");
    }

    @Test
    void generationIsCompleteDeterministicAndReused() throws IOException {
        assertEquals("190", SpokenDigitCorpus.manifest(corpus).get("clips"));
        assertTrue(SpokenDigitCorpus.manifest(corpus).get("espeak-ng").contains("eSpeak NG"));
        assertFalse(Files.exists(corpus.resolveSibling(corpus.getFileName() + ".partial")));
        Path seven = corpus.resolve("espeak/en-us/m1/seven.wav");
        long before = Files.getLastModifiedTime(seven).toMillis();
        assertEquals(corpus, SpokenDigitCorpus.ensure(dataRoot, 3, 1, false, log::add), "reused, not regenerated");
        assertEquals(before, Files.getLastModifiedTime(seven).toMillis());
        // a generation interrupted before its manifest is not trusted: the next one starts over
        Path other = SpokenDigitCorpus.folder(dataRoot, 5, 1);
        Files.createDirectories(other.resolve("espeak"));
        Path again = SpokenDigitCorpus.ensure(dataRoot, 5, 1, true, log::add);
        assertEquals("190", SpokenDigitCorpus.manifest(again).get("clips"));
        byte[] a = Files.readAllBytes(corpus.resolve("flite/slt/1.0/three.wav"));
        byte[] b = Files.readAllBytes(again.resolve("flite/slt/1.0/three.wav"));
        assertTrue(java.util.Arrays.equals(a, b), "flite ignores the seed: the same bytes");
    }

    private static DatasetSplits open(Map<String, Object> values, Path prompts) {
        SpokenDigitsDatasetProvider provider = new SpokenDigitsDatasetProvider((root, pinned, fetch) -> prompts);
        Map<String, Object> entry = new LinkedHashMap<>(values);
        entry.put("corpus_seed", 3);
        entry.put("variants_per_accent", 1);
        List<RecipeProblem> problems = new ArrayList<>();
        Settings settings = provider.schema().validate(Settings.of(entry), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        return provider.open(settings, new RunContext(null, dataRoot, false, 1));
    }

    @Test
    void splitsByAccentByVoiceAndIntoRecordedSpeech(@TempDir Path packageRoot) throws IOException {
        DatasetSplits accents = open(Map.of(), null);
        assertEquals(50, accents.train().size(), "5 accents x 1 variant x 10 words");
        assertEquals(20, accents.test().size(), "the 2 held-out accents");
        assertEquals(SpokenDigitCorpus.WORDS, accents.train().classNames());
        Waveform clip = accents.train().get(0).get(Sample.AUDIO, Waveform.class);
        assertEquals(16000, clip.sampleRate());
        assertTrue(clip.seconds() > 0.2 && clip.seconds() < 2.0, "a spoken word: " + clip.seconds() + " s");
        float peak = 0;
        for (float v : clip.samples()) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(Math.pow(10, -1 / 20.0), peak, 0.01, "normalised to -1 dBFS");
        int[] perWord = new int[10];
        for (int i = 0; i < accents.test().size(); i++) {
            perWord[accents.test().label(i)]++;
        }
        assertEquals(List.of(2, 2, 2, 2, 2, 2, 2, 2, 2, 2), java.util.Arrays.stream(perWord).boxed().toList());
        assertEquals(120, open(Map.of("test_set", "flite"), null).test().size());

        Path prompts = packageRoot.resolve("usr/share/asterisk/sounds/en_US_f_Allison");
        for (int digit = 0; digit < 10; digit++) {
            TestWavs.tone(prompts.resolve("digits/" + digit + ".wav"), 8000, 300 + 50 * digit);
        }
        TestWavs.tone(prompts.resolve("digits/20.wav"), 8000, 700);
        TestWavs.tone(prompts.resolve("letters/a.wav"), 8000, 700);
        TestWavs.tone(prompts.resolve("silence/1.wav"), 8000, 700);
        DatasetSplits recorded = open(Map.of("test_set", "recorded"), packageRoot);
        assertEquals(10, recorded.test().size());
        assertEquals(7, recorded.test().label(7));
        assertEquals(16000, recorded.test().get(3).get(Sample.AUDIO, Waveform.class).sampleRate(), "8 kHz resampled");
        DatasetSplits all = open(Map.of("speech", "all"), packageRoot);
        assertEquals(50 + 20 + 120 + 2, all.train().size(), "every synthetic clip and the other real prompts");
        assertEquals("2", all.provenance().get("unlabelled_recorded_prompts"));
        assertTrue(all.train().get(all.train().size() - 1).label().isEmpty(), "real prompts are unlabelled");
    }
}
