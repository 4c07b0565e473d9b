package dev.selfsup.api;

import dev.selfsup.api.data.PinnedPackage;

import java.nio.file.Path;

/**
 * Framework service that makes pinned, checksummed packages of real data available locally. Inject it
 * into a {@link DatasetProvider}'s constructor.
 */
public interface DataStore {

    /**
     * Returns the folder holding the unpacked package, fetching and verifying it first if needed.
     *
     * @param dataRoot the data folder of the run
     * @param pinnedPackage the package
     * @param fetchAllowed whether a download may happen
     * @return the unpacked folder
     * @throws dev.selfsup.api.data.DataException if it is missing and may not or cannot be fetched
     */
    Path require(Path dataRoot, PinnedPackage pinnedPackage, boolean fetchAllowed);
}
