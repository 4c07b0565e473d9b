package dev.selfsup.train;

import dev.selfsup.data.AtomicFiles;
import dev.selfsup.data.ErrorText;
import dev.selfsup.data.FileManifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Writes checkpoint folders {@code checkpoints/step-NNNNNN/} atomically: files are written into a hidden
 * temporary folder, each fsynced, a {@code manifest.json} of their sha256 sums added, and the folder renamed
 * into place; only the newest {@code keep} checkpoints are kept.
 */
public final class Checkpoints {

    /** Name of the manifest inside a checkpoint folder. */
    public static final String MANIFEST = "manifest.json";

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
        String name = folderName(step);
        Path target = directory.resolve(name);
        Path temporary = directory.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(directory);
            AtomicFiles.deleteTree(temporary);
            Files.createDirectories(temporary);
            contents.writeTo(temporary);
            List<String> names = new ArrayList<>();
            try (Stream<Path> files = Files.list(temporary)) {
                for (Path file : files.sorted().toList()) {
                    fsync(file);
                    names.add(file.getFileName().toString());
                }
            }
            FileManifest.write(temporary, MANIFEST, names, Map.of("step", step));
            AtomicFiles.deleteTree(target);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
            fsyncDirectory(directory);
            prune();
            return target;
        } catch (IOException e) {
            try {
                AtomicFiles.deleteTree(temporary); // frees the space a full disk needs back; the last one stays
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + ErrorText.describe(e)
                    + "; the checkpoints written before it are intact", e);
        }
    }

    /**
     * The folder name of a step's checkpoint.
     *
     * @param step the step
     * @return {@code step-NNNNNN}
     */
    public static String folderName(long step) {
        return String.format("step-%06d", step);
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
                    .sorted(Comparator.comparingLong(Checkpoints::stepOf))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + directory, e);
        }
    }

    /**
     * Returns the newest checkpoint whose files all match its manifest. Each newer checkpoint that does not
     * (a truncated or corrupt file, a missing manifest entry) is reported, renamed to {@code corrupt-step-NNNNNN}
     * so it is kept for inspection but never used or counted again, and the one before it is tried.
     *
     * @param required files every usable checkpoint must hold besides the manifest
     * @param report receives one message per unusable checkpoint
     * @return the newest usable checkpoint folder, if any
     */
    public Optional<Path> newestValid(List<String> required, Consumer<String> report) {
        removeUnfinished();
        List<Path> all = new ArrayList<>(list());
        Collections.reverse(all);
        for (int i = 0; i < all.size(); i++) {
            Path candidate = all.get(i);
            String problem = problem(candidate, required);
            if (problem.isEmpty()) {
                return Optional.of(candidate);
            }
            String next = i + 1 < all.size() ? "using the previous one, " + all.get(i + 1).getFileName()
                    : "no earlier checkpoint is left";
            report.accept("checkpoint " + candidate + " is unusable (" + problem + "); " + next);
            quarantine(candidate);
        }
        return Optional.empty();
    }

    /**
     * Checks one checkpoint folder against its manifest.
     *
     * @param folder the checkpoint folder
     * @param required files it must hold besides the manifest
     * @return an empty string if every file is present and matches its sha256, else what is wrong
     */
    public static String problem(Path folder, List<String> required) {
        return FileManifest.problem(folder, MANIFEST, required);
    }

    /** Deletes temporary folders of checkpoints whose writing was interrupted (by a kill, say). */
    private void removeUnfinished() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(directory)) {
            for (Path p : dirs.filter(p -> p.getFileName().toString().matches("\\.step-\\d+\\.tmp")).toList()) {
                AtomicFiles.deleteTree(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean unfinished checkpoints in " + directory, e);
        }
    }

    private void quarantine(Path folder) {
        Path target = folder.resolveSibling("corrupt-" + folder.getFileName());
        try {
            AtomicFiles.deleteTree(target);
            Files.move(folder, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the unusable checkpoint " + folder, e);
        }
    }

    private static long stepOf(Path folder) {
        try {
            return Long.parseLong(folder.getFileName().toString().substring("step-".length()));
        } catch (NumberFormatException e) {
            return -1; // not written by this class; sorts first and is pruned first
        }
    }

    private void prune() throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keep; i++) {
            AtomicFiles.deleteTree(all.get(i));
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

}
