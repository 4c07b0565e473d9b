package dev.selfsup.api;

/** Extension point for downstream feature heads. Recipes select one with {@code evaluate.head.type}. */
public interface DownstreamHeadProvider extends NamedExtension {

    /**
     * Builds the head.
     *
     * @param settings its validated settings
     * @return the head
     */
    DownstreamHead create(Settings settings);
}
