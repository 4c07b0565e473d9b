package dev.selfsup.data;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file next to its target and then moves it into place, so readers never see half a file. */
public final class AtomicFiles {

    /** Writes content to the given (temporary) path. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the file.
         *
         * @param temp the temporary file to write
         * @throws IOException on failure
         */
        void writeTo(Path temp) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes a file atomically: into a temporary file beside it, then moved over it.
     *
     * @param target the file
     * @param writer writes the content
     * @throws IOException naming the target and keeping the cause, on failure (the target is then unchanged)
     */
    public static void write(Path target, Writer writer) throws IOException {
        try {
            writeOrFail(target, writer);
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            throw message.contains(target.toString()) ? e
                    : new IOException("cannot write " + target + ": " + ErrorText.describe(e), e);
        }
    }

    private static void writeOrFail(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        try {
            writer.writeTo(temp);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Deletes a file or a folder with everything in it; nothing if it does not exist.
     *
     * @param path the file or folder
     * @throws IOException naming what could not be deleted
     */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
