package dev.selfsup.api;

/**
 * Extension point for data sets. Recipes select one with {@code data.dataset: <name>}; its own keys sit
 * beside that key in the {@code data} section (the framework reserves {@code dataset}, {@code root} and
 * {@code fetch}).
 */
public interface DatasetProvider extends NamedExtension {

    /**
     * Says what the data set holds without opening it: the fields of its samples and its classes. Recipes are
     * checked against it (an encoder reading a field the data lacks is refused) and tasks receive it.
     *
     * @param settings the validated {@code data} section
     * @return the description
     */
    DataDescription describe(Settings settings);

    /**
     * Opens the data set, fetching it first if it is missing and {@link RunContext#fetchAllowed()}.
     *
     * @param settings the validated {@code data} section
     * @param context the run context (data folder, seed)
     * @return the splits
     * @throws dev.selfsup.api.data.DataException if files are missing, corrupt, or cannot be fetched; the
     *     message names the file
     */
    DatasetSplits open(Settings settings, RunContext context);
}
