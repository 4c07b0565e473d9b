package dev.selfsup.audio.encoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.LayeredEncoder;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.Waveform;
import dev.selfsup.audio.TestWavs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches padded to the longest clip and cut at max_seconds; log-mel raw features; files resampled on reading. */
class WaveformTransformerEncoderTest {

    private static Encoder encoder(Map<String, Object> values) {
        WaveformTransformerProvider provider = new WaveformTransformerProvider();
        List<RecipeProblem> problems = new ArrayList<>();
        Settings settings = provider.schema().validate(Settings.of(values), problems);
        assertTrue(problems.isEmpty(), problems.toString());
        return provider.create(settings);
    }

    private static Sample clip(int samples, int rate) {
        float[] x = new float[samples];
        for (int i = 0; i < samples; i++) {
            x[i] = (float) (0.4 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        return Sample.unlabelled(Sample.AUDIO, new Waveform(x, rate));
    }

    @Test
    void collatesToTheLongestClipAndCutsAtMaxSeconds() {
        Encoder encoder = encoder(Map.of("max_seconds", 1.0));
        assertEquals(new Shape(3, 16000), encoder.inputShapes(3)[0]);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList batch = encoder.collate(List.of(clip(4000, 16000), clip(6000, 16000)), manager);
            assertEquals(new Shape(2, 6000), batch.get(0).getShape());
            assertEquals(4000f, batch.get(1).get(0).sum().getFloat());
            assertEquals(6000f, batch.get(1).get(1).sum().getFloat());
            NDList cut = encoder.collate(List.of(clip(40000, 16000)), manager);
            assertEquals(new Shape(1, 16000), cut.get(0).getShape(), "cut at max_seconds");
            NDList tiny = encoder.collate(List.of(clip(100, 16000)), manager);
            assertEquals(512, tiny.get(0).getShape().get(1), "padded to one receptive field (400) at least");
            assertEquals(100f, tiny.get(1).sum().getFloat());
        }
        assertThrows(IllegalArgumentException.class, () -> encoder.collate(List.of(clip(800, 8000)),
                NDManager.newBaseManager()), "a clip at another rate is refused with the key to set");
    }

    @Test
    void rawFeaturesAreLogMelStatisticsAndFilesAreResampled(@TempDir Path dir) throws IOException {
        Encoder encoder = encoder(Map.of());
        float[] raw = encoder.rawFeatures(clip(8000, 16000));
        assertEquals(80, raw.length, "40 band means and 40 spreads");
        assertEquals(80, encoder.rawFeatures(clip(50, 16000)).length, "a very short clip is padded, not refused");
        Path file = dir.resolve("a.wav");
        TestWavs.tone(file, 8000, 500);
        Waveform read = encoder.readFile(file).get(Sample.AUDIO, Waveform.class);
        assertEquals(16000, read.sampleRate());
        assertEquals(1600, read.length());
        assertThrows(IllegalArgumentException.class, () -> encoder(Map.of("dim", 100, "heads", 3)));
    }

    @Test
    void depthLevelsAreTheFeatureEncoderThenEachLayerThenTheFinalNorm() {
        Encoder encoder = encoder(Map.of("dim", 16, "depth", 3, "heads", 2, "conv_channels", 8,
                "position_groups", 4));
        LayeredEncoder layers = encoder.capability(LayeredEncoder.class).orElseThrow();
        assertEquals(5, layers.layerCount());
        try (NDManager manager = NDManager.newBaseManager()) {
            encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(2));
            List<Integer> levels = new ArrayList<>();
            for (Pair<String, Parameter> p : encoder.block().getParameters()) {
                int level = layers.layerOf(p.getKey());
                levels.add(level);
                if (!p.getKey().contains("layers")) {
                    assertEquals(0, level, p.getKey() + ": the feature encoder, projection and positions are level 0");
                }
            }
            assertEquals(List.of(0, 1, 2, 3, 4), new ArrayList<>(new TreeSet<>(levels)), "every level used");
            for (int i = 1; i < levels.size(); i++) {
                assertTrue(levels.get(i) >= levels.get(i - 1), "input side first: " + levels);
            }
        }
    }
}
