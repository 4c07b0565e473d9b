package dev.selfsup.text.augment;

import dev.selfsup.api.Augmentation;
import dev.selfsup.api.AugmentationProvider;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code word_dropout} augmentation: drops each whitespace-separated word of a text with a probability (always
 * keeping at least one), and optionally shuffles the remaining words. For short, keyword-like captions it is what
 * a random crop is to an image: the same content, seen differently each epoch, so that a small caption set is not
 * simply memorised.
 */
@Extension
public final class WordDropoutProvider implements AugmentationProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addDouble("rate", 0.2, 0.0, 0.95, "chance of dropping each word")
            .addBoolean("shuffle", false, "also put the kept words in a random order")
            .addDouble("probability", 1.0, 0.0, 1.0, "chance of applying it to each sample")
            .build();

    @Override
    public String name() {
        return "word_dropout";
    }

    @Override
    public String description() {
        return "drop each word of a text with a probability (at least one kept), optionally shuffling the rest";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public String modality() {
        return Sample.TEXT;
    }

    @Override
    public Augmentation create(Settings settings) {
        double rate = settings.getDouble("rate");
        boolean shuffle = settings.getBoolean("shuffle");
        double probability = settings.getDouble("probability");
        return (sample, random) -> {
            if (random.nextDouble() >= probability) {
                return sample;
            }
            String[] words = sample.get(Sample.TEXT, String.class).strip().split("\\s+");
            List<String> kept = new ArrayList<>();
            for (String word : words) {
                if (random.nextDouble() >= rate) {
                    kept.add(word);
                }
            }
            if (kept.isEmpty()) {
                kept.add(words[random.nextInt(words.length)]);
            }
            if (shuffle) {
                java.util.Collections.shuffle(kept, random);
            }
            return sample.with(Sample.TEXT, String.join(" ", kept));
        };
    }
}
