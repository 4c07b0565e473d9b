package dev.selfsup.api;

import java.util.List;

/** Extension point for pretext tasks. Recipes select one with {@code pretext.task: <name>}. */
public interface PretextTaskProvider extends NamedExtension {

    /**
     * Returns the names of the encoders this task needs, as the recipe names them under {@code encoders:}
     * (e.g. {@code [image, text]} for an alignment task, read from its settings). The default, an empty list,
     * means one encoder: the recipe's only one, whatever its name.
     *
     * @param settings the validated {@code pretext} section
     * @return the names
     */
    default List<String> encoderNames(Settings settings) {
        return List.of();
    }

    /**
     * Returns why this task cannot train with what the context offers (an encoder without a needed capability,
     * data without a needed field); used to reject a recipe before it runs.
     *
     * @param context the encoders, settings and data description
     * @return an empty string if supported, else the reason
     */
    default String unsupportedReason(TaskContext context) {
        return "";
    }

    /**
     * Builds the task.
     *
     * @param context the encoders it asked for (uninitialised), its validated settings, the data description and
     *     the number of views
     * @return the task
     * @throws RecipeException if the settings do not fit together, naming the key
     */
    PretextTask create(TaskContext context);
}
