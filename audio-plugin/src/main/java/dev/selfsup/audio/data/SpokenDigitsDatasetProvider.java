package dev.selfsup.audio.data;

import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DataStore;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.data.PinnedPackage;
import jakarta.inject.Inject;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code spoken_digits} data set: the ten digit words, synthetic ({@link SpokenDigitCorpus}, generated on
 * first use) and recorded (the Asterisk prompts of one real speaker, Debian {@code asterisk-core-sounds-en-wav},
 * 8 kHz). The training side is espeak-ng speech in the accents not held out; the test side is chosen by
 * {@code test_set}: the held-out espeak accents, flite's voices, or the ten real recordings. With {@code speech:
 * all} (for pretraining) the training side also holds every other synthetic clip and the package's other real
 * prompts (letters, numbers, phrases), the latter unlabelled.
 */
@Extension
public final class SpokenDigitsDatasetProvider implements DatasetProvider {

    /** The recorded prompts, one real speaker (Allison), 8 kHz WAV. */
    static final PinnedPackage ASTERISK = PinnedPackage.debian("asterisk-core-sounds-en-wav", "1.6.1-1",
            "pool/main/a/asterisk-core-sounds/asterisk-core-sounds-en-wav_1.6.1-1_all.deb",
            "2be3ea287d83299d143815fa804f11179a75b7affd4a758b98b55f5afc18a35d");
    private static final Logger LOG = LoggerFactory.getLogger(SpokenDigitsDatasetProvider.class);
    private static final String PROMPTS = "usr/share/asterisk/sounds/en_US_f_Allison";

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addChoice("test_set", "espeak_accents", List.of("espeak_accents", "flite", "recorded"),
                    "the test side: espeak speech in the held-out accents, flite's voices, or the real recordings")
            .addChoiceList("held_out_accents", List.of("en-gb-scotland", "en-029"), SpokenDigitCorpus.ACCENTS,
                    "espeak accents kept out of the training side")
            .addChoice("speech", "digits", List.of("digits", "all"), "digits: the training side is the espeak "
                    + "digits of the other accents; all (pretraining): every synthetic clip and the package's other "
                    + "real prompts, unlabelled")
            .addInt("corpus_seed", 0, 0, Integer.MAX_VALUE, "the seed of the voices' speeds and pitches")
            .addInt("variants_per_accent", 15, 1, SpokenDigitCorpus.VARIANTS.size(), "espeak voice variants "
                    + "per accent")
            .addInt("sample_rate", 16000, 1000, 384000, "the rate every clip is resampled to")
            .addBoolean("captions", false, "each clip also holds the word spoken as text, for aligning audio with "
                    + "text (speech: digits only: the other prompts have no words)")
            .build();

    private final DataStore store;

    /**
     * Creates the provider.
     *
     * @param store the framework's data store (injected)
     */
    @Inject
    public SpokenDigitsDatasetProvider(DataStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "spoken_digits";
    }

    @Override
    public String description() {
        return "spoken digits: synthetic (espeak-ng, flite; generated) and recorded (Asterisk prompts)";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public DataDescription describe(Settings settings) {
        return new DataDescription(settings.getBoolean("captions") ? List.of(Sample.AUDIO, Sample.TEXT)
                : List.of(Sample.AUDIO), SpokenDigitCorpus.WORDS);
    }

    @Override
    public DatasetSplits open(Settings settings, RunContext context) {
        int rate = settings.getInt("sample_rate");
        List<String> heldOut = settings.getStringList("held_out_accents");
        Path corpus = SpokenDigitCorpus.ensure(context.dataRoot(), settings.getInt("corpus_seed"),
                settings.getInt("variants_per_accent"), context.fetchAllowed(), LOG::info);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset", name());
        SpokenDigitCorpus.manifest(corpus).forEach((k, v) -> provenance.put("corpus " + k, v));
        Function<Path, String> byWord = file -> {
            String name = file.getFileName().toString();
            return name.substring(0, name.length() - ".wav".length());
        };
        List<AudioClip> train = new ArrayList<>();
        List<AudioClip> heldOutAccents = new ArrayList<>();
        for (String accent : SpokenDigitCorpus.ACCENTS) {
            List<AudioClip> clips = AudioFiles.read(AudioFiles.list(corpus.resolve("espeak").resolve(accent)), rate,
                    byWord);
            (heldOut.contains(accent) ? heldOutAccents : train).addAll(clips);
        }
        List<AudioClip> flite = AudioFiles.read(AudioFiles.list(corpus.resolve("flite")), rate, byWord);
        String testSet = settings.getString("test_set");
        boolean all = settings.getString("speech").equals("all");
        boolean captions = settings.getBoolean("captions");
        if (all && captions) {
            throw new dev.selfsup.api.data.DataException(settings.fullKey("captions") + ": captions need speech: "
                    + "digits (the other recorded prompts have no words to pair with)");
        }
        Path prompts = testSet.equals("recorded") || all
                ? recordedPrompts(provenance, context) : null;
        List<AudioClip> test = switch (testSet) {
            case "flite" -> flite;
            case "recorded" -> recordedDigits(prompts, rate);
            default -> heldOutAccents;
        };
        if (all) {
            train.addAll(heldOutAccents);
            train.addAll(flite);
            List<Path> others = AudioFiles.list(prompts).stream().filter(f -> !isDigitOrSilence(prompts, f)).toList();
            train.addAll(AudioFiles.read(others, rate, file -> null));
            provenance.put("unlabelled_recorded_prompts", String.valueOf(others.size()));
        }
        provenance.put("test_set", testSet);
        provenance.put("held_out_accents", String.join(",", heldOut));
        provenance.put("train_clips", String.valueOf(train.size()));
        provenance.put("test_clips", String.valueOf(test.size()));
        List<String> classes = SpokenDigitCorpus.WORDS;
        return new DatasetSplits(new AudioSamples(train, classes, captions), new AudioSamples(test, classes, captions),
                provenance);
    }

    private Path recordedPrompts(Map<String, String> provenance, RunContext context) {
        provenance.put("package " + ASTERISK.id(), ASTERISK.sha256());
        return store.require(context.dataRoot(), ASTERISK, context.fetchAllowed()).resolve(PROMPTS);
    }

    /** The ten digit recordings, {@code digits/0.wav} to {@code digits/9.wav}, labelled by word. */
    private static List<AudioClip> recordedDigits(Path prompts, int rate) {
        List<Path> files = new ArrayList<>();
        for (int digit = 0; digit < 10; digit++) {
            files.add(prompts.resolve("digits").resolve(digit + ".wav"));
        }
        return AudioFiles.read(files, rate, file -> {
            String name = file.getFileName().toString();
            return SpokenDigitCorpus.WORDS.get(Integer.parseInt(name.substring(0, name.indexOf('.'))));
        });
    }

    private static boolean isDigitOrSilence(Path prompts, Path file) {
        Path relative = prompts.relativize(file);
        String first = relative.getName(0).toString();
        return first.equals("silence") || (first.equals("digits") && relative.getNameCount() == 2
                && relative.getFileName().toString().matches("[0-9]\\.wav"));
    }
}
