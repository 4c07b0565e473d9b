package dev.selfsup.vision.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small IDX files for tests. */
final class IdxFiles {

    private IdxFiles() {
    }

    /** An images file: magic, dimensions, then {@code pixels}. */
    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length)
                .putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(cols).put(pixels).array();
    }

    /** A labels file: magic, count, then {@code labels}. */
    static byte[] labels(byte... labels) {
        return ByteBuffer.allocate(8 + labels.length)
                .putInt(IdxReader.LABELS_MAGIC).putInt(labels.length).put(labels).array();
    }

    /** {@code bytes} compressed with gzip. */
    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Writes {@code bytes} to {@code file}, creating its folder. */
    static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }
}
