package dev.selfsup.audio.data;

import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code audio_files} data set: a user's own recordings, a folder of WAV (or AIFF, AU) files in any encoding
 * and rate {@link dev.selfsup.audio.wav.WavReader} reads, mixed to mono and resampled to {@code sample_rate}.
 * Labels come from the sub-folder ({@code labels: folders}), from a regular expression on the file name
 * ({@code labels: pattern}) or not at all. The test side is {@code test_path} in the same layout, or a seeded
 * share of the files. Clips are read when the data set is opened and kept in memory (an hour of 16 kHz audio is
 * 230 MB).
 */
@Extension
public final class AudioFilesDatasetProvider implements DatasetProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addString("path", null, "the folder of audio files (searched in every sub-folder)")
            .addChoice("labels", "none", List.of("none", "folders", "pattern"), "none: unlabelled; folders: "
                    + "<path>/<label>/...; pattern: label_pattern on each file name")
            .addString("label_pattern", "", "labels: pattern: a regular expression on the file name without its "
                    + "extension; its first group (or the whole match) is the label, e.g. ^(\\d)_")
            .addInt("sample_rate", 16000, 1000, 384000, "the rate every clip is resampled to")
            .addString("test_path", "", "the test files in the same layout (empty: a share of path)")
            .addDouble("test_fraction", 0.2, 0.0, 0.9, "without test_path: the share of files held out")
            .addInt("split_seed", 0, 0, Integer.MAX_VALUE, "without test_path: the seed of the split")
            .build();

    @Override
    public String name() {
        return "audio_files";
    }

    @Override
    public String description() {
        return "your own recordings: a folder of WAV/AIFF/AU files, labelled by sub-folder or file-name pattern";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public DataDescription describe(Settings settings) {
        return new DataDescription(List.of(Sample.AUDIO), List.of()); // classes are known once the files are read
    }

    @Override
    public DatasetSplits open(Settings settings, RunContext context) {
        int rate = settings.getInt("sample_rate");
        Path root = Path.of(settings.getString("path"));
        List<AudioClip> train = AudioFiles.read(AudioFiles.list(root), rate, labeller(settings, root));
        List<AudioClip> test;
        String testPath = settings.getString("test_path");
        if (!testPath.isEmpty()) {
            Path testRoot = Path.of(testPath);
            test = AudioFiles.read(AudioFiles.list(testRoot), rate, labeller(settings, testRoot));
        } else {
            List<AudioClip> shuffled = new ArrayList<>(train);
            SplittableRandom random = new SplittableRandom(settings.getInt("split_seed"));
            for (int i = shuffled.size() - 1; i > 0; i--) {
                Collections.swap(shuffled, i, random.nextInt(i + 1));
            }
            int held = (int) Math.round(settings.getDouble("test_fraction") * shuffled.size());
            test = shuffled.subList(0, held);
            train = shuffled.subList(held, shuffled.size());
        }
        List<String> classes = AudioSamples.classNamesOf(train, test);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset", name());
        provenance.put("path", root.toAbsolutePath().toString());
        provenance.put("sample_rate", String.valueOf(rate));
        provenance.put("train_clips", String.valueOf(train.size()));
        provenance.put("test_clips", String.valueOf(test.size()));
        provenance.put("train_seconds", String.format(java.util.Locale.ROOT, "%.1f", seconds(train)));
        provenance.put("test_seconds", String.format(java.util.Locale.ROOT, "%.1f", seconds(test)));
        provenance.put("classes", String.join(",", classes));
        return new DatasetSplits(new AudioSamples(train, classes), new AudioSamples(test, classes), provenance);
    }

    private static Function<Path, String> labeller(Settings settings, Path root) {
        return switch (settings.getString("labels")) {
            case "folders" -> AudioFiles.byFolder(root);
            case "pattern" -> {
                String regex = settings.getString("label_pattern");
                try {
                    Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(settings.fullKey("label_pattern") + ": not a regular "
                            + "expression: " + e.getDescription(), e);
                }
                if (regex.isEmpty()) {
                    throw new IllegalArgumentException(settings.fullKey("label_pattern") + " is needed with labels: "
                            + "pattern");
                }
                yield AudioFiles.byPattern(regex);
            }
            default -> file -> null;
        };
    }

    private static double seconds(List<AudioClip> clips) {
        return clips.stream().mapToDouble(c -> c.waveform().seconds()).sum();
    }
}
