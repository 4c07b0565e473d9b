package dev.selfsup.vision.data;

import dev.selfsup.api.data.DataException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files of unsigned bytes (the MNIST format), plain or gzipped; gzip is recognised by its magic
 * bytes, whatever the file is called. Files are validated strictly: magic number, dimensions, length and the
 * absence of trailing bytes. Every failure is a {@link DataException} naming the file.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int BUFFER = 1 << 16;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /**
     * Reads an images file.
     *
     * @param file the file, plain or gzipped
     * @return the images
     * @throws DataException if the file is missing, unreadable or not a well-formed IDX images file
     */
    public static IdxImages readImages(Path file) {
        try (InputStream in = open(file)) {
            ByteBuffer header = readHeader(in, file, IMAGES_MAGIC, 3);
            int count = header.getInt();
            int rows = header.getInt();
            int cols = header.getInt();
            if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > MAX_ARRAY) {
                throw new DataException(file + " has implausible IDX dimensions " + Integer.toUnsignedString(count)
                        + " x " + Integer.toUnsignedString(rows) + " x " + Integer.toUnsignedString(cols));
            }
            byte[] pixels = readBody(in, file, count * rows * cols,
                    count + " images of " + rows + "x" + cols + " pixels");
            return new IdxImages(count, rows, cols, pixels);
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /**
     * Reads a labels file.
     *
     * @param file the file, plain or gzipped
     * @return one label per image, unsigned (read with {@code & 0xFF})
     * @throws DataException if the file is missing, unreadable or not a well-formed IDX labels file
     */
    public static byte[] readLabels(Path file) {
        try (InputStream in = open(file)) {
            int count = readHeader(in, file, LABELS_MAGIC, 1).getInt();
            if (count < 0) {
                throw new DataException(file + " has an implausible IDX label count "
                        + Integer.toUnsignedString(count));
            }
            return readBody(in, file, count, count + " labels");
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        try {
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            return gzip ? new GZIPInputStream(in, BUFFER) : in;
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** Reads and checks the magic number and dimension fields; returns them positioned after the magic. */
    private static ByteBuffer readHeader(InputStream in, Path file, int magic, int dimensions) throws IOException {
        int length = 4 * (1 + dimensions);
        byte[] header = in.readNBytes(length);
        if (header.length < 4) {
            throw truncatedHeader(file, length, header.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(header);
        int found = buffer.getInt();
        if (found != magic) {
            throw new DataException(String.format("%s is not an IDX %s file: expected magic number 0x%08x, found"
                    + " 0x%08x", file, magic == IMAGES_MAGIC ? "images" : "labels", magic, found));
        }
        if (header.length < length) {
            throw truncatedHeader(file, length, header.length);
        }
        return buffer;
    }

    private static DataException truncatedHeader(Path file, int length, int present) {
        return new DataException(file + " is truncated: an IDX header needs " + length + " bytes, but only "
                + present + " are present");
    }

    private static byte[] readBody(InputStream in, Path file, int length, String what) throws IOException {
        byte[] body = new byte[length];
        int present = in.readNBytes(body, 0, length);
        if (present < length) {
            throw new DataException(file + " is truncated: " + what + " need " + length
                    + " bytes after the header, but only " + present + " are present");
        }
        long trailing = in.transferTo(OutputStream.nullOutputStream());
        if (trailing > 0) {
            throw new DataException(file + " has " + trailing + " unexpected bytes after the " + length
                    + " bytes of its " + what);
        }
        return body;
    }

    private static DataException readFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DataException("IDX file " + file + " does not exist. Set `fetch: true` in the data set's"
                    + " configuration to download it, or place the file there", e);
        }
        if (e instanceof EOFException) {
            return new DataException(file + " is truncated: its gzip stream ends unexpectedly", e);
        }
        return new DataException("cannot read IDX file " + file + ": " + e, e);
    }
}
