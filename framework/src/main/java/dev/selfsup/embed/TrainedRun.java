package dev.selfsup.embed;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.DownstreamHeadProvider;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.TaskContext;
import dev.selfsup.eval.ProtocolFiles;
import dev.selfsup.plugin.ExtensionRegistry;
import dev.selfsup.recipe.RecipeLoader;
import dev.selfsup.recipe.SavedEncoders;
import dev.selfsup.recipe.RecipeSchema;
import dev.selfsup.recipe.RecipeValidator;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.store.RunFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A finished run folder, read back: the encoder's settings and trained parameters
 * ({@code encoder/encoder.yaml}, {@code encoder/encoder.params}) and its downstream head, with the
 * extensions that build them looked up by name among the loaded plugins.
 */
public final class TrainedRun {

    private final Path folder;
    private final Path encoderDirectory;
    private final EncoderProvider encoderProvider;
    private final Settings encoderSettings;
    private final DownstreamHead head;

    private final Device device;
    private final ExtensionRegistry registry;

    private TrainedRun(Path folder, Path encoderDirectory, EncoderProvider encoderProvider, Settings encoderSettings,
                       DownstreamHead head, Device device, ExtensionRegistry registry) {
        this.registry = registry;
        this.folder = folder;
        this.encoderDirectory = encoderDirectory;
        this.device = device;
        this.encoderProvider = encoderProvider;
        this.encoderSettings = encoderSettings;
        this.head = head;
    }

    /**
     * Opens a run folder.
     *
     * @param folder the run folder
     * @param registry the extensions of the loaded plugins
     * @param device where its models compute
     * @return the run
     * @throws IllegalArgumentException if the folder is not a run folder or holds no trained encoder; of several, the
     *     one its recipe evaluated ({@code evaluate.encoder}, else the first) is opened
     * @throws dev.selfsup.data.IntegrityException if the encoder's files do not match their manifest
     * @throws RecipeException if its encoder settings no longer validate (e.g. another plugin version)
     */
    public static TrainedRun open(Path folder, ExtensionRegistry registry, Device device) {
        return open(folder, SavedEncoders.directory(folder, ""), registry, device);
    }

    /**
     * Opens one of a run's named encoders (a recipe with {@code encoders: {name: ...}}).
     *
     * @param folder the run folder
     * @param encoderName the encoder's recipe name
     * @param registry the loaded extensions
     * @param device where to run it
     * @return the trained run
     * @throws IllegalArgumentException if there is no such encoder
     */
    public static TrainedRun open(Path folder, String encoderName, ExtensionRegistry registry, Device device) {
        return open(folder, SavedEncoders.directory(folder, encoderName), registry, device);
    }

    private static TrainedRun open(Path folder, Path encoderDirectory, ExtensionRegistry registry, Device device) {
        SavedEncoder.verify(encoderDirectory);
        Path description = encoderDirectory.resolve(SavedEncoder.DESCRIPTION);
        Settings saved = new RecipeLoader(Map.of()).load(description, List.of());
        Settings encoder = saved.getSection("encoder");
        List<RecipeProblem> problems = new ArrayList<>();
        EncoderProvider provider = registry.get(EncoderProvider.class, encoder.getString("type"));
        SavedEncoder.checkProvider(encoderDirectory, SavedEncoder.origin(saved), registry.registration(provider));
        Settings validEncoder = RecipeSchema.ENCODER.merge(provider.schema()).validate(encoder, problems);
        Settings headSection = saved.getSection("head");
        DownstreamHeadProvider headProvider = registry.get(DownstreamHeadProvider.class, headSection.getString("type"));
        Settings validHead = RecipeSchema.HEAD.merge(headProvider.schema()).validate(headSection, problems);
        if (!problems.isEmpty()) {
            throw new RecipeException(problems);
        }
        return new TrainedRun(folder, encoderDirectory, provider, validEncoder, headProvider.create(validHead),
                device, registry);
    }

    /**
     * Returns an embedding model over this run's trained encoder.
     *
     * @param batchSize samples per forward pass
     * @return the model; close it to free its native memory
     */
    public EmbeddingModel embeddingModel(int batchSize) {
        Encoder encoder = new ValidatedRecipe.EncoderChoice(encoderProvider, encoderSettings)
                .create(SavedEncoder.artifacts(encoderDirectory));
        return new EmbeddingModel(encoder, head, encoderDirectory.resolve(SavedEncoder.PARAMETERS), batchSize, device);
    }

    /**
     * Returns a classifier: this run's encoder plus one of the models its evaluation saved on the pretrained
     * encoder (the first label subset of each protocol and fraction).
     *
     * @param probe a model name such as {@code logistic-pretrained-f1} (files {@code eval/<name>.*}), or null for
     *     the default: the logistic model with the most labels, else the last one listed
     * @param batchSize samples per forward pass
     * @return the classifier; close it to free its native memory
     * @throws IllegalArgumentException if the run has no such probe, listing those it has
     */
    public Classifier classifier(String probe, int batchSize) {
        List<String> available = probes();
        String chosen = probe;
        if (chosen == null) {
            chosen = available.stream().filter(p -> p.startsWith("logistic-pretrained-")).reduce((a, b) -> b)
                    .orElse(available.stream().reduce((a, b) -> b).orElse(null));
        }
        if (chosen == null || !available.contains(chosen)) {
            throw new IllegalArgumentException((chosen == null ? "the run has no saved model on its pretrained "
                    + "encoder" : "no model '" + chosen + "' in " + new RunFolder(folder).evalDirectory())
                    + "; available: " + (available.isEmpty() ? "none (was evaluation enabled?)"
                    : String.join(", ", available)));
        }
        return Classifier.load(() -> embeddingModel(batchSize), () -> new ValidatedRecipe.EncoderChoice(
                encoderProvider, encoderSettings).create(SavedEncoder.artifacts(encoderDirectory)), head,
                new RunFolder(folder).evalDirectory(), chosen, registry);
    }

    /**
     * Lists the models the evaluation saved for the pretrained encoder, fewest labels first.
     *
     * @return names such as {@code logistic-pretrained-f0.01}
     */
    public List<String> probes() {
        return ProtocolFiles.pretrainedModels(new RunFolder(folder).evalDirectory());
    }

    /**
     * Rebuilds the run's pretext task from its {@code recipe.resolved.yaml} and loads every trained part into it:
     * each saved encoder and each exported part, each checked against its manifest and against the plugin version
     * that saved it.
     *
     * @return the task; close it to free its native memory
     * @throws IntegrityException if a part is missing, changed, or of another plugin version
     */
    public TrainedTask openTask() {
        RunFolder run = new RunFolder(folder);
        ValidatedRecipe recipe = new RecipeValidator(registry).validate(
                new RecipeLoader(Map.of()).load(run.resolvedRecipe(), List.of()));
        Map<String, Path> artifacts = new java.util.LinkedHashMap<>();
        recipe.encoders().forEach((name, choice) -> {
            Path directory = run.encoderDirectory(name);
            SavedEncoder.verify(directory);
            SavedEncoder.checkProvider(directory, SavedEncoder.origin(new RecipeLoader(Map.of()).load(
                    directory.resolve(SavedEncoder.DESCRIPTION), List.of())), registry.registration(choice.provider()));
            if (choice.needsPreparation()) {
                artifacts.put(name, SavedEncoder.artifacts(directory));
            }
        });
        NDManager manager = NDManager.newBaseManager(device);
        try {
            PretextTask task = recipe.buildTask(artifacts, manager, 1, recipe.settings().getLong("seed"));
            task.encoders().forEach((name, encoder) -> EmbeddingModel.load(encoder,
                    run.encoderDirectory(name).resolve(SavedEncoder.PARAMETERS), manager));
            task.exports().forEach((name, block) -> {
                Path directory = run.exportDirectory(name);
                SavedEncoder.checkProvider(directory, new RecipeLoader(Map.of()).load(
                        directory.resolve(SavedExport.DESCRIPTION), List.of()), registry.registration(recipe.pretext()));
                SavedExport.load(directory, block, manager);
            });
            return new TrainedTask(task, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Returns the run folder.
     *
     * @return the folder
     */
    public Path folder() {
        return folder;
    }
}
