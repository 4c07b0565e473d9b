package dev.selfsup.recipe;

import dev.selfsup.api.Augmentation;
import dev.selfsup.api.AugmentationProvider;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.DownstreamHeadProvider;
import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Settings;

import java.nio.file.Path;
import java.util.List;

/**
 * A recipe that passed validation: the complete settings (defaults filled in) and the extensions it names.
 *
 * @param settings the whole recipe with defaults
 * @param dataset the data set provider
 * @param encoder the encoder provider
 * @param pretext the pretext task provider
 * @param head the downstream head provider
 * @param augmentations the augmentations of the {@code augment} list, in order
 */
public record ValidatedRecipe(Settings settings, DatasetProvider dataset, EncoderProvider encoder,
                              PretextTaskProvider pretext, DownstreamHeadProvider head,
                              List<Augment> augmentations) {

    /**
     * One element of the {@code augment} list.
     *
     * @param provider the augmentation
     * @param settings its validated settings
     */
    public record Augment(AugmentationProvider provider, Settings settings) {
    }

    /**
     * Returns a top-level section.
     *
     * @param name the key
     * @return the section
     */
    public Settings section(String name) {
        return settings.getSection(name);
    }

    /**
     * Opens the recipe's data set (fetching its pinned package if the recipe allows).
     *
     * @param workFolder the run (or scratch) folder the data set may write into
     * @return the splits
     */
    public DatasetSplits openData(Path workFolder) {
        Settings data = section("data");
        return dataset.open(data, new RunContext(workFolder, Path.of(data.getString("root")), data.getBoolean("fetch"),
                settings.getLong("seed")));
    }

    /**
     * Builds the augmentations of the {@code augment} list, in order.
     *
     * @return the augmentations
     */
    public List<Augmentation> createAugmentations() {
        return augmentations.stream().map(a -> a.provider().create(a.settings())).toList();
    }
}
