package dev.selfsup.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void writesTheVersionOneFormatWithAnAlignedHeader() throws IOException {
        Path file = dir.resolve("a.npy");
        Npy.writeFloats(file, new float[] {1f, -2.5f, 3f, 4f, 5f, 6f}, 2, 3);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x93, bytes[0]);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data starts 64-byte aligned");
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLength, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-2.5f, data.getFloat(10 + headerLength + 4));
        assertEquals(10 + headerLength + 24, bytes.length);
    }

    @Test
    void oneDimensionalShapesHaveTheTrailingCommaAndSizesAreChecked() throws IOException {
        Path file = dir.resolve("b.npy");
        Npy.writeLongs(file, new long[] {7, 8, 9}, 3);
        assertTrue(Files.readString(file, StandardCharsets.ISO_8859_1).contains("'descr': '<i8'")
                && Files.readString(file, StandardCharsets.ISO_8859_1).contains("'shape': (3,)"));
        assertThrows(IllegalArgumentException.class, () -> Npy.writeFloats(dir.resolve("c.npy"), new float[5], 2, 3));
    }
}
