package dev.selfsup.audio.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.Waveform;
import dev.selfsup.api.data.DataException;
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


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's folder of recordings at mixed rates, labelled by folder or by name, split by path or by share. */
class AudioFilesDatasetProviderTest {

    @TempDir
    Path dir;

    private static DatasetSplits open(Map<String, Object> values) {
        AudioFilesDatasetProvider provider = new AudioFilesDatasetProvider();
        List<RecipeProblem> problems = new ArrayList<>();
        Settings settings = provider.schema().validate(Settings.of(values), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        return provider.open(settings, new RunContext(null, null, false, 1));
    }

    @Test
    void labelsBySubFolderAndResamplesEveryClipToTheRate() throws IOException {
        TestWavs.tone(dir.resolve("train/yes/a.wav"), 8000, 500);
        TestWavs.tone(dir.resolve("train/yes/deeper/b.wav"), 44100, 500);
        TestWavs.tone(dir.resolve("train/no/c.wav"), 16000, 500);
        Files.writeString(dir.resolve("train/no/notes.txt"), "not audio, not read");
        TestWavs.tone(dir.resolve("test/no/d.wav"), 22050, 500);
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("path", dir.resolve("train").toString());
        values.put("labels", "folders");
        values.put("test_path", dir.resolve("test").toString());
        DatasetSplits splits = open(values);
        assertEquals(List.of("no", "yes"), splits.train().classNames());
        assertEquals(3, splits.train().size());
        assertEquals(1, splits.test().size());
        assertEquals(0, splits.train().label(0), "sorted by path: no/c.wav first");
        assertEquals(1, splits.train().label(1));
        for (int i = 0; i < 3; i++) {
            Waveform clip = splits.train().get(i).get(Sample.AUDIO, Waveform.class);
            assertEquals(16000, clip.sampleRate());
            assertEquals(0.1, clip.seconds(), 1e-3);
        }
        assertEquals("3", splits.provenance().get("train_clips"));
        assertEquals("no,yes", splits.provenance().get("classes"));
    }

    @Test
    void labelsByFileNamePatternAndHoldsOutASeededShare() throws IOException {
        for (int digit = 0; digit < 3; digit++) {
            for (int take = 0; take < 10; take++) {
                TestWavs.tone(dir.resolve("clips/" + digit + "_speaker" + take + ".wav"), 16000, 300 + 100 * digit);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("path", dir.resolve("clips").toString());
        values.put("labels", "pattern");
        values.put("label_pattern", "^(\\d)_");
        values.put("test_fraction", 0.3);
        DatasetSplits splits = open(values);
        assertEquals(List.of("0", "1", "2"), splits.train().classNames());
        assertEquals(21, splits.train().size());
        assertEquals(9, splits.test().size());
        Set<Float> trainFirstSamples = new HashSet<>();
        for (int i = 0; i < splits.train().size(); i++) {
            trainFirstSamples.add(splits.train().get(i).get(Sample.AUDIO, Waveform.class).sample(5));
        }
        DatasetSplits again = open(values);
        for (int i = 0; i < 9; i++) {
            assertEquals(splits.test().label(i), again.test().label(i), "the same split from the same seed");
        }
        values.put("labels", "none");
        DatasetSplits unlabelled = open(values);
        assertTrue(unlabelled.train().get(0).label().isEmpty());
        assertEquals(List.of(), unlabelled.train().classNames());
        assertTrue(trainFirstSamples.size() >= 3, "three tones");
    }

    @Test
    void badFilesAndLayoutsAreErrorsNamingTheFile() throws IOException {
        TestWavs.tone(dir.resolve("clips/yes/a.wav"), 16000, 500);
        Path broken = dir.resolve("clips/yes/broken.wav");
        Files.writeString(broken, "RIFF but not really a wave file at all");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("path", dir.resolve("clips").toString());
        values.put("labels", "folders");
        DataException error = assertThrows(DataException.class, () -> open(values));
        assertTrue(error.getMessage().startsWith(broken.toString()), error.getMessage());

        Files.delete(broken);
        TestWavs.tone(dir.resolve("clips/loose.wav"), 16000, 500);
        DataException loose = assertThrows(DataException.class, () -> open(values));
        assertTrue(loose.getMessage().contains("loose.wav: labels come from sub-folders"), loose.getMessage());

        values.put("labels", "pattern");
        values.put("label_pattern", "^(\\d)_");
        DataException unmatched = assertThrows(DataException.class, () -> open(values));
        assertTrue(unmatched.getMessage().contains("does not match label_pattern"), unmatched.getMessage());

        values.put("path", dir.resolve("nothing-here").toString());
        assertThrows(DataException.class, () -> open(values));
    }
}
