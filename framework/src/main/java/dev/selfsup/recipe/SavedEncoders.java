package dev.selfsup.recipe;

import dev.selfsup.api.Settings;
import dev.selfsup.api.TaskContext;
import dev.selfsup.store.RunFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds a run's saved encoder: the one a recipe starts from ({@code from_run}) and the one {@code embed},
 * {@code predict} and the embedding API open.
 */
public final class SavedEncoders {

    /** The file describing a saved encoder (its settings, head and origin). */
    public static final String DESCRIPTION = "encoder.yaml";

    private SavedEncoders() {
    }

    /**
     * Returns a run's saved encoder folder.
     *
     * @param runFolder the run folder
     * @param name the encoder's recipe name, or empty for the run's only encoder or, of several, the one its recipe
     *     evaluated ({@code evaluate.encoder}, else the first under {@code encoders:})
     * @return the folder
     * @throws IllegalArgumentException if the folder is not a run folder or holds no such encoder
     */
    public static Path directory(Path runFolder, String name) {
        if (!Files.isDirectory(runFolder)) {
            throw new IllegalArgumentException(Files.exists(runFolder) ? runFolder + " is a file, not a run folder"
                    : "run folder " + runFolder + " does not exist");
        }
        RunFolder run = new RunFolder(runFolder);
        if (!name.isEmpty()) {
            Path directory = run.encoderDirectory(name);
            if (!Files.isDirectory(directory)) {
                throw new IllegalArgumentException(runFolder + " holds no encoder named '" + name + "'");
            }
            return directory;
        }
        Path single = run.encoderDirectory(TaskContext.DEFAULT_ENCODER);
        if (Files.exists(single)) {
            return single;
        }
        List<String> named = run.namedEncoders();
        if (named.isEmpty()) {
            return single; // what is missing is said when it is read
        }
        return named.size() == 1 ? run.encoderDirectory(named.get(0)) : run.encoderDirectory(evaluated(run, named));
    }

    /** The encoder a run with several evaluated: its recipe's {@code evaluate.encoder}, else the first. */
    private static String evaluated(RunFolder run, List<String> named) {
        Settings recipe = new RecipeLoader(Map.of()).load(run.resolvedRecipe(), List.of());
        String chosen = recipe.has("evaluate") ? recipe.getSection("evaluate").optString("encoder", "") : "";
        if (chosen.isEmpty() && recipe.has("encoders")) {
            chosen = recipe.getSection("encoders").keys().iterator().next();
        }
        if (!named.contains(chosen)) {
            throw new IllegalArgumentException(run.root() + " holds the encoders " + named + "; name the one to use");
        }
        return chosen;
    }
}
