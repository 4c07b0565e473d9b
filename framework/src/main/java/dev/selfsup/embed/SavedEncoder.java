package dev.selfsup.embed;

import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.api.ApiVersion;
import dev.selfsup.api.Settings;
import dev.selfsup.data.AtomicFiles;
import dev.selfsup.data.FileManifest;
import dev.selfsup.data.IntegrityException;
import dev.selfsup.fault.Failpoints;
import dev.selfsup.plugin.RegisteredExtension;
import dev.selfsup.recipe.RecipeWriter;
import dev.selfsup.train.TrainingSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code encoder} folder of a run, written when pretraining completes: the trained parameters
 * ({@code encoder.params}), what builds them ({@code encoder.yaml}: encoder and head settings), the
 * pretraining figures ({@code training.json}) and a {@code manifest.json} of their SHA-256, checked before
 * the encoder is trusted again.
 */
public final class SavedEncoder {

    /** The trained parameters. */
    public static final String PARAMETERS = "encoder.params";
    /** The encoder and head settings. */
    public static final String DESCRIPTION = dev.selfsup.recipe.SavedEncoders.DESCRIPTION;
    /** The pretraining figures. */
    public static final String TRAINING = "training.json";
    /** The SHA-256 manifest of the three. */
    public static final String MANIFEST = "manifest.json";

    /** The folder of prepared artifacts inside a saved encoder. */
    private static final String ARTIFACTS = "artifacts";

    /** The key of {@value #DESCRIPTION} naming the plugin, its version, the API and DJL the encoder was saved with. */
    public static final String PROVIDED_BY = "provided_by";


    private static final List<String> FILES = List.of(PARAMETERS, DESCRIPTION, TRAINING);
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private SavedEncoder() {
    }

    /**
     * Returns the folder of a saved encoder's prepared artifacts ({@link dev.selfsup.api.EncoderPreparation}).
     *
     * @param directory the encoder's folder
     * @return {@code artifacts} inside it (absent for encoders without preparation)
     */
    public static Path artifacts(Path directory) {
        return directory.resolve(ARTIFACTS);
    }

    /** Copies prepared artifacts (none if {@code source} is null) and returns their paths relative to the encoder. */
    private static List<String> copyArtifacts(Path source, Path target) throws IOException {
        AtomicFiles.deleteTree(target);
        if (source == null) {
            return List.of();
        }
        List<String> copied = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> walk = Files.walk(source)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                String relative = source.relativize(file).toString();
                if (relative.equals(MANIFEST)) {
                    continue;
                }
                Path copy = target.resolve(relative);
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
                copied.add(ARTIFACTS + "/" + relative);
            }
        }
        return copied;
    }

    /**
     * Refuses a saved part (an encoder, an exported part) unless the plugin that provides its extension now is the
     * one that saved it, of the same version, on the same API minor: parameters of another plugin's block, or of
     * another version of it, would load into the wrong shapes or, worse, into the right shapes with another
     * meaning. Class-path extensions (development, embedding) carry no plugin version: where either side is one,
     * only the API is checked.
     *
     * @param directory the part's folder (for messages)
     * @param origin what saved it: {@code plugin}, {@code version}, {@code api}; null if nothing was recorded
     * @param now where the extension comes from in this process
     * @throws IntegrityException naming both plugins and versions
     */
    public static void checkProvider(Path directory, Settings origin, RegisteredExtension now) {
        String what = "'" + now.name() + "' " + now.kind().label();
        if (origin == null) {
            throw new IntegrityException(directory + " records no providing plugin (it was saved by selfsup API 0.1);"
                    + " its " + what + " now comes from plugin " + now.pluginId() + " " + now.pluginVersion()
                    + ": train it again with this version");
        }
        String plugin = origin.getString("plugin");
        String version = origin.getString("version");
        String api = origin.getString("api");
        boolean unversioned = now.onClassPath() || RegisteredExtension.CLASS_PATH.equals(plugin);
        boolean samePlugin = unversioned || plugin.equals(now.pluginId()) && version.equals(now.pluginVersion());
        if (!samePlugin || !ApiVersion.compatible(api, ApiVersion.current())) {
            throw new IntegrityException(directory + " was saved by plugin " + plugin + " " + version + " (API " + api
                    + "); the " + what + " now comes from plugin " + now.pluginId() + " " + now.pluginVersion()
                    + " (API " + ApiVersion.current() + "): install plugin " + plugin + " " + version
                    + " to use it, or train it again");
        }
    }

    /**
     * Returns what a saved part records of the extension that saved it: its plugin, version, the API and DJL.
     *
     * @param provider the extension, as registered
     * @return {@code plugin}, {@code version}, {@code api}, {@code djl}
     */
    static Map<String, Object> originOf(RegisteredExtension provider) {
        Map<String, Object> origin = new LinkedHashMap<>();
        origin.put("plugin", provider.pluginId());
        origin.put("version", provider.pluginVersion());
        origin.put("api", ApiVersion.current());
        origin.put("djl", ai.djl.engine.Engine.getDjlVersion());
        return origin;
    }

    /**
     * Returns what saved an encoder, from its {@value #DESCRIPTION}.
     *
     * @param description the encoder's description
     * @return the {@value #PROVIDED_BY} section, or null for an encoder saved by API 0.1
     */
    public static Settings origin(Settings description) {
        return description.has(PROVIDED_BY) ? description.getSection(PROVIDED_BY) : null;
    }

    /**
     * Writes the folder; the manifest is written last, so a folder without one is incomplete.
     *
     * @param directory the {@code encoder} folder
     * @param block the trained encoder
     * @param encoderSettings its settings
     * @param headSettings the downstream head's settings
     * @param training the pretraining summary
     * @throws UncheckedIOException naming the folder and the cause
     */
    public static void write(Path directory, Block block, Settings encoderSettings, Settings headSettings,
                             RegisteredExtension provider, Path artifacts, TrainingSummary training) {
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(directory.resolve(MANIFEST));
            BlockFiles.save(block, directory.resolve(PARAMETERS));
            Failpoints.io("encoder.write", Failpoints.ANY_STEP);
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("encoder", encoderSettings.toPlainMap());
            description.put("head", headSettings.toPlainMap());
            description.put(PROVIDED_BY, originOf(provider));
            RecipeWriter.write(Settings.of(description), directory.resolve(DESCRIPTION));
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("steps", training.steps());
            figures.put("total_steps", training.totalSteps());
            figures.put("first_loss", training.firstLoss());
            figures.put("final_loss", training.finalLoss());
            figures.put("training_seconds", training.runSeconds());
            AtomicFiles.write(directory.resolve(TRAINING), temp ->
                    JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), figures));
            List<String> files = new java.util.ArrayList<>(FILES);
            files.addAll(copyArtifacts(artifacts, directory.resolve(ARTIFACTS)));
            FileManifest.write(directory, MANIFEST, files, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the encoder to " + directory, e);
        }
    }

    /**
     * Tells whether the folder holds a complete encoder whose files match their manifest.
     *
     * @param directory the {@code encoder} folder
     * @return true if it can be trusted
     */
    public static boolean isComplete(Path directory) {
        return Files.exists(directory.resolve(MANIFEST)) && FileManifest.problem(directory, MANIFEST, FILES).isEmpty();
    }

    /**
     * Checks the folder before its encoder is used.
     *
     * @param directory the {@code encoder} folder
     * @throws IllegalArgumentException if there is no saved encoder
     * @throws IntegrityException if a file does not match its manifest, naming it
     */
    public static void verify(Path directory) {
        if (!Files.exists(directory.resolve(PARAMETERS)) && !Files.exists(directory.resolve(MANIFEST))) {
            throw new IllegalArgumentException(directory.getParent() + " holds no trained encoder (" + directory
                    + " is written when pretraining completes; resume the run to complete it)");
        }
        String problem = FileManifest.problem(directory, MANIFEST, FILES);
        if (!problem.isEmpty()) {
            throw new IntegrityException("the trained encoder in " + directory + " cannot be trusted: " + problem
                    + ". Resume the run (selfsup run --resume " + directory.getParent() + ") to save it again "
                    + "from its final checkpoint, or train again");
        }
    }

    /**
     * Reads the pretraining figures of a verified folder.
     *
     * @param directory the {@code encoder} folder
     * @return the summary of the finished pretraining (no steps taken by this process)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static TrainingSummary readTraining(Path directory) {
        Path file = directory.resolve(TRAINING);
        try {
            JsonNode figures = JSON.readTree(file.toFile());
            long steps = figures.get("steps").asLong();
            return new TrainingSummary(steps, steps, figures.get("total_steps").asLong(),
                    figures.get("first_loss").asDouble(), figures.get("final_loss").asDouble(), 0,
                    figures.get("training_seconds").asDouble(), null, null);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException("cannot read the pretraining figures " + file,
                    e instanceof IOException io ? io : new IOException(e.toString(), e));
        }
    }
}
