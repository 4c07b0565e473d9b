package dev.selfsup.recipe;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.AugmentationProvider;
import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.DownstreamHeadProvider;
import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.EncoderPreparation;
import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.TaskContext;
import dev.selfsup.data.ErrorText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A recipe whose every section has been validated against the schema of the extension it selects, with those
 * extensions resolved.
 *
 * @param settings the whole validated recipe
 * @param dataset the data set
 * @param encoders the encoders by recipe name, in recipe order: a single {@code encoder:} section is named
 *     {@value TaskContext#DEFAULT_ENCODER}, {@code encoders: {name: ...}} gives the names
 * @param pretext the pretext task
 * @param head the downstream head of the evaluation
 * @param protocols the evaluation protocols, in recipe order, each with its unique name
 * @param views per view of each sample, its augmentations in order (one view without {@code views:})
 * @param downstream the data sets of {@code evaluate.datasets} the evaluation uses instead of the pretraining data's
 *     own splits; empty for those
 * @param extraData the data sets of {@code data.extra}, whose training splits are appended to the data's
 */
public record ValidatedRecipe(Settings settings, DatasetProvider dataset, Map<String, EncoderChoice> encoders,
                              PretextTaskProvider pretext, DownstreamHeadProvider head, List<Protocol> protocols,
                              List<List<Augment>> views, List<Downstream> downstream, List<Downstream> extraData) {

    /**
     * A downstream data set of the evaluation ({@code evaluate.datasets}).
     *
     * @param name its name in the report: the prefix of its protocols' names ({@code spam_assassin.logistic})
     * @param provider the data set
     * @param settings its validated entry (reserved keys included)
     */
    public record Downstream(String name, DatasetProvider provider, Settings settings) {
    }

    /**
     * An evaluation protocol of the recipe.
     *
     * @param name its unique name in the report and the saved files
     * @param provider its provider
     * @param settings its validated entry (reserved keys included)
     */
    public record Protocol(String name, EvaluationProtocolProvider provider, Settings settings) {
    }

    /**
     * An encoder of the recipe.
     *
     * @param provider its provider
     * @param settings its validated section
     */
    public record EncoderChoice(EncoderProvider provider, Settings settings) {

        /**
         * Returns whether the encoder is prepared from the training data before it is built
         * ({@link EncoderProvider#preparation()}).
         *
         * @return true if it needs its prepared artifacts
         */
        public boolean needsPreparation() {
            return provider.preparation().isPresent();
        }

        /**
         * Builds the encoder, uninitialised.
         *
         * @param artifacts the folder its preparation wrote, or null for an encoder without preparation
         * @return the encoder
         * @throws IllegalStateException if it needs preparation and no folder is given
         * @throws UncheckedIOException if its artifacts cannot be read, naming the folder
         */
        public Encoder create(Path artifacts) {
            Optional<EncoderPreparation> preparation = provider.preparation();
            if (preparation.isEmpty()) {
                return provider.create(settings);
            }
            if (artifacts == null) {
                throw new IllegalStateException("the " + provider.name() + " encoder must be prepared from the "
                        + "training data before it is built");
            }
            try {
                return preparation.get().create(settings, artifacts);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the " + provider.name() + " encoder from its prepared "
                        + "artifacts in " + artifacts + ": " + ErrorText.describe(e), e);
            }
        }
    }

    /**
     * An augmentation of a view.
     *
     * @param provider its provider
     * @param settings its validated settings
     */
    public record Augment(AugmentationProvider provider, Settings settings) {
    }

    /**
     * Copies the collections.
     */
    public ValidatedRecipe {
        encoders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(encoders));
        views = views.stream().map(List::copyOf).toList();
        downstream = List.copyOf(downstream);
    }

    /**
     * Returns a validated top-level section.
     *
     * @param name the key
     * @return the section
     */
    public Settings section(String name) {
        return settings.getSection(name);
    }

    /**
     * Returns the name of the encoder that evaluation, embedding and prediction use: {@code evaluate.encoder}, or
     * the first encoder of the recipe.
     *
     * @return the name
     */
    public String primaryEncoder() {
        String chosen = section("evaluate").getString("encoder");
        return chosen.isEmpty() ? encoders.keySet().iterator().next() : chosen;
    }

    /**
     * Returns an encoder of the recipe.
     *
     * @param name its recipe name
     * @return the encoder's provider and settings
     * @throws IllegalArgumentException if the recipe has none of that name
     */
    public EncoderChoice encoder(String name) {
        EncoderChoice choice = encoders.get(name);
        if (choice == null) {
            throw new IllegalArgumentException("the recipe has no encoder named '" + name + "'; it has "
                    + encoders.keySet());
        }
        return choice;
    }

    /**
     * Builds every encoder of the recipe, uninitialised.
     *
     * @param artifacts the prepared artifacts of the encoders that need them, by encoder name
     * @return the encoders by name, in recipe order
     */
    public Map<String, Encoder> createEncoders(Map<String, Path> artifacts) {
        Map<String, Encoder> built = new LinkedHashMap<>();
        encoders.forEach((name, choice) -> built.put(name, choice.create(artifacts.get(name))));
        return built;
    }

    /**
     * Builds the recipe's encoders and pretext task and initialises the task model from the seed, each block with
     * the initialisers its plugin chose (the same seed gives the same weights), then calls the task's
     * {@link PretextTask#afterInitialise} hook. The one place a run, a benchmark
     * and a run read back build their model.
     *
     * @param artifacts the prepared artifacts of the encoders that need them, by encoder name
     * @param manager owns the parameters (its device holds them)
     * @param batchSize the batch size the input shapes are given for
     * @param seed the run seed
     * @return the task, its model initialised
     */
    public PretextTask buildTask(Map<String, Path> artifacts, NDManager manager, int batchSize, long seed) {
        PretextTask task = pretext.create(taskContext(createEncoders(artifacts), artifacts));
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        task.model().initialize(manager, DataType.FLOAT32, task.inputShapes(batchSize));
        task.afterInitialise(); // once, before any checkpoint or saved part is loaded over it
        return task;
    }

    /**
     * Returns what the pretext task is built from.
     *
     * @param built the encoders, from {@link #createEncoders}
     * @param artifacts per encoder name, its prepared artifacts folder (for new instances of the encoders)
     * @return the context
     */
    public TaskContext taskContext(Map<String, Encoder> built, Map<String, Path> artifacts) {
        return new TaskContext(section("pretext"), built, describeData(), views.size(),
                name -> encoder(name).create(artifacts.get(name)));
    }

    /**
     * Describes the data set without opening it.
     *
     * @return its fields and classes
     */
    public DataDescription describeData() {
        return dataset.describe(section("data"));
    }

    /**
     * Opens the data set.
     *
     * @param workFolder the run folder
     * @return the splits
     */
    public DatasetSplits openData(Path workFolder) {
        Settings data = section("data");
        RunContext context = new RunContext(workFolder, Path.of(data.getString("root")), data.getBoolean("fetch"),
                settings.getLong("seed"));
        DatasetSplits main = dataset.open(data, context);
        if (extraData.isEmpty()) {
            return main;
        }
        List<SampleSource> appended = new ArrayList<>(List.of(main.train()));
        Map<String, String> provenance = new LinkedHashMap<>(main.provenance());
        for (Downstream extra : extraData) {
            DatasetSplits splits = extra.provider().open(extra.settings(), context);
            appended.add(splits.train());
            splits.provenance().forEach((key, value) -> provenance.put("extra " + extra.name() + " " + key, value));
        }
        return new DatasetSplits(new AppendedSamples(appended), main.test(), provenance);
    }

    /**
     * Opens a downstream data set of the evaluation, with the pretraining data's {@code root} and {@code fetch}.
     *
     * @param workFolder the run folder
     * @param downstream the data set
     * @return the splits
     */
    public DatasetSplits openDownstream(Path workFolder, Downstream downstream) {
        Settings data = section("data");
        return downstream.provider().open(downstream.settings(), new RunContext(workFolder,
                Path.of(data.getString("root")), data.getBoolean("fetch"), settings.getLong("seed")));
    }

    /**
     * Builds the augmentations of every view.
     *
     * @return per view, its augmentations in order
     */
    public List<List<Augmentation>> createViews() {
        return views.stream().map(view -> view.stream().map(a -> a.provider().create(a.settings())).toList()).toList();
    }
}
