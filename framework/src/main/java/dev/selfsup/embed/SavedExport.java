package dev.selfsup.embed;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.selfsup.api.Settings;
import dev.selfsup.data.ErrorText;
import dev.selfsup.data.FileManifest;
import dev.selfsup.data.IntegrityException;
import dev.selfsup.plugin.RegisteredExtension;
import dev.selfsup.recipe.RecipeWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One part a pretext task exports beside its encoders ({@link dev.selfsup.api.PretextTask#exports()}: a
 * projection head, a temperature), kept in {@code exports/<name>/}: {@value #PARAMETERS} (the block's
 * parameters), {@value #DESCRIPTION} (the task and the plugin, its version, the API and DJL that saved it) and a
 * sha256 manifest written last.
 */
public final class SavedExport {

    /** The part's parameters. */
    public static final String PARAMETERS = "part.params";
    /** What saved the part. */
    public static final String DESCRIPTION = "part.yaml";
    /** The manifest, written last. */
    public static final String MANIFEST = "manifest.json";

    private static final List<String> FILES = List.of(PARAMETERS, DESCRIPTION);

    private SavedExport() {
    }

    /**
     * Writes the folder.
     *
     * @param directory {@code exports/<name>}
     * @param block the trained part
     * @param task the pretext task's provider, as registered
     * @throws UncheckedIOException naming the folder and the cause
     */
    public static void write(Path directory, Block block, RegisteredExtension task) {
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(directory.resolve(MANIFEST));
            BlockFiles.save(block, directory.resolve(PARAMETERS));
            Map<String, Object> description = new LinkedHashMap<>();
            description.put("task", task.name());
            description.putAll(SavedEncoder.originOf(task));
            RecipeWriter.write(Settings.of(description), directory.resolve(DESCRIPTION));
            FileManifest.write(directory, MANIFEST, FILES, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the exported part to " + directory + ": "
                    + ErrorText.describe(e), e);
        }
    }

    /**
     * Loads a saved part into the same block of a rebuilt, initialised task, after checking its manifest.
     *
     * @param directory {@code exports/<name>}
     * @param block the block to load into
     * @param manager owns the parameters
     * @throws IntegrityException if the folder is incomplete or changed
     * @throws UncheckedIOException if the parameters cannot be read or do not fit the block
     */
    public static void load(Path directory, Block block, NDManager manager) {
        String problem = Files.exists(directory.resolve(MANIFEST)) ? FileManifest.problem(directory, MANIFEST, FILES)
                : "it has no " + MANIFEST + " (the run did not finish saving it)";
        if (!problem.isEmpty()) {
            throw new IntegrityException("the exported part in " + directory + " cannot be trusted: " + problem);
        }
        try {
            BlockFiles.loadChecked(block, directory.resolve(PARAMETERS), manager);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("the exported part " + directory.resolve(PARAMETERS)
                    + " does not fit the task's block (" + e.getMessage() + ")", e));
        }
    }
}
