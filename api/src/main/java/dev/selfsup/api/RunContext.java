package dev.selfsup.api;

import java.nio.file.Path;

/**
 * Per-run facts passed to extensions.
 *
 * @param runDirectory the run folder ({@code runs/<name>/<timestamp>})
 * @param dataRoot the folder where data sets are fetched and cached
 * @param fetchAllowed whether missing data may be downloaded
 * @param seed the recipe seed
 */
public record RunContext(Path runDirectory, Path dataRoot, boolean fetchAllowed, long seed) {
}
