package dev.selfsup.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes NumPy {@code .npy} files (format 1.0, little-endian, C order), which Python reads with {@code numpy.load}. */
public final class Npy {

    private Npy() {
    }

    /**
     * Writes float32 values.
     *
     * @param file the file (written atomically)
     * @param values the values in C order
     * @param shape the shape
     * @throws IOException on failure
     */
    public static void writeFloats(Path file, float[] values, long... shape) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        write(file, "<f4", data.array(), values.length, shape);
    }

    /**
     * Writes int64 values.
     *
     * @param file the file (written atomically)
     * @param values the values in C order
     * @param shape the shape
     * @throws IOException on failure
     */
    public static void writeLongs(Path file, long[] values, long... shape) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.asLongBuffer().put(values);
        write(file, "<i8", data.array(), values.length, shape);
    }

    private static void write(Path file, String dtype, byte[] data, int count, long[] shape) throws IOException {
        if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != count) {
            throw new IllegalArgumentException(count + " values do not fill shape " + Arrays.toString(shape));
        }
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dims
                + (shape.length == 1 ? "," : "") + "), }";
        int unpadded = 10 + header.length() + 1;
        StringBuilder padded = new StringBuilder(header);
        padded.append(" ".repeat((64 - unpadded % 64) % 64)).append('\n');
        byte[] headerBytes = padded.toString().getBytes(StandardCharsets.US_ASCII);
        AtomicFiles.write(file, temporary -> {
            try (OutputStream out = java.nio.file.Files.newOutputStream(temporary)) {
                out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
                out.write(headerBytes.length & 0xFF);
                out.write((headerBytes.length >> 8) & 0xFF);
                out.write(headerBytes);
                out.write(data);
            }
        });
    }
}
