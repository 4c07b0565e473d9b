package dev.selfsup.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.data.Sha256;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes checkpoint folders {@code checkpoints/step-NNNNNN/} atomically: files are written into a hidden
 * temporary folder, each fsynced, a {@code manifest.json} of their sha256 sums added, and the folder renamed
 * into place; only the newest {@code keep} checkpoints are kept.
 */
public final class Checkpoints {

    /** Name of the manifest inside a checkpoint folder. */
    public static final String MANIFEST = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final int keep;

    /**
     * Creates the store.
     *
     * @param directory the {@code checkpoints} folder
     * @param keep how many to keep (at least 1)
     */
    public Checkpoints(Path directory, int keep) {
        this.directory = directory;
        this.keep = Math.max(1, keep);
    }

    /** Writes the files of one checkpoint into a folder. */
    @FunctionalInterface
    public interface Contents {
        /**
         * Writes files.
         *
         * @param folder the (temporary) folder to write into
         * @throws IOException on failure
         */
        void writeTo(Path folder) throws IOException;
    }

    /**
     * Writes a checkpoint atomically and prunes old ones.
     *
     * @param step the step it represents
     * @param contents what to write
     * @return the final folder
     */
    public Path write(long step, Contents contents) {
        String name = String.format("step-%06d", step);
        Path target = directory.resolve(name);
        Path temporary = directory.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(directory);
            deleteRecursively(temporary);
            Files.createDirectories(temporary);
            contents.writeTo(temporary);
            Map<String, String> sums = new LinkedHashMap<>();
            try (Stream<Path> files = Files.list(temporary)) {
                for (Path file : files.sorted().toList()) {
                    fsync(file);
                    sums.put(file.getFileName().toString(), Sha256.of(file));
                }
            }
            Path manifest = temporary.resolve(MANIFEST);
            JSON.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), Map.of("step", step, "sha256", sums));
            fsync(manifest);
            deleteRecursively(target);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
            fsyncDirectory(directory);
            prune();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target, e);
        }
    }

    /**
     * Lists complete checkpoint folders, oldest first.
     *
     * @return the folders
     */
    public List<Path> list() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(directory)) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .filter(p -> Files.exists(p.resolve(MANIFEST)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + directory, e);
        }
    }

    private void prune() throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            deleteRecursively(all.get(i));
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename itself is still atomic
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
