package dev.selfsup.vision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.data.DataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

class IdxReaderTest {

    private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255};

    @TempDir
    Path dir;

    private static DataException assertFailsNaming(Path file, Executable read, String... fragments) {
        DataException e = assertThrows(DataException.class, read);
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
        return e;
    }

    @Test
    void readsPlainImages() throws IOException {
        Path file = IdxFiles.write(dir.resolve("images"), IdxFiles.images(2, 2, 3, PIXELS));

        IdxImages images = IdxReader.readImages(file);

        assertEquals(2, images.count());
        assertEquals(2, images.rows());
        assertEquals(3, images.cols());
        assertArrayEquals(PIXELS, images.pixels());
        assertEquals(255, images.pixels()[11] & 0xFF);
    }

    @Test
    void readsGzippedFilesWhateverTheirName() throws IOException {
        Path images = IdxFiles.write(dir.resolve("images.idx"), IdxFiles.gzip(IdxFiles.images(2, 2, 3, PIXELS)));
        Path labels = IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.gzip(IdxFiles.labels((byte) 7, (byte) 200)));

        assertArrayEquals(PIXELS, IdxReader.readImages(images).pixels());
        assertArrayEquals(new byte[] {7, (byte) 200}, IdxReader.readLabels(labels));
    }

    @Test
    void readsPlainLabels() throws IOException {
        Path file = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels((byte) 3, (byte) 1, (byte) 4));

        assertArrayEquals(new byte[] {3, 1, 4}, IdxReader.readLabels(file));
    }

    @Test
    void wrongMagicNamesExpectedAndFound() throws IOException {
        Path labels = IdxFiles.write(dir.resolve("labels"), IdxFiles.labels((byte) 1));
        Path images = IdxFiles.write(dir.resolve("images"), IdxFiles.images(1, 1, 1, new byte[1]));

        assertFailsNaming(labels, () -> IdxReader.readImages(labels), "0x00000803", "0x00000801");
        assertFailsNaming(images, () -> IdxReader.readLabels(images), "0x00000801", "0x00000803");
    }

    @Test
    void truncatedImagesNameExpectedAndPresentBytes() throws IOException {
        byte[] whole = IdxFiles.images(2, 2, 3, PIXELS);
        Path file = IdxFiles.write(dir.resolve("images"), Arrays.copyOf(whole, whole.length - 5));

        assertFailsNaming(file, () -> IdxReader.readImages(file), "truncated", "12 bytes", "only 7");
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        Path file = IdxFiles.write(dir.resolve("images"), Arrays.copyOf(IdxFiles.images(2, 2, 3, PIXELS), 10));

        assertFailsNaming(file, () -> IdxReader.readImages(file), "truncated", "16 bytes", "only 10");
    }

    @Test
    void truncatedLabelsNameExpectedAndPresentBytes() throws IOException {
        byte[] whole = IdxFiles.labels((byte) 1, (byte) 2, (byte) 3);
        Path file = IdxFiles.write(dir.resolve("labels"), Arrays.copyOf(whole, whole.length - 1));

        assertFailsNaming(file, () -> IdxReader.readLabels(file), "truncated", "3 bytes", "only 2");
    }

    @Test
    void truncatedGzipStreamIsReported() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(2, 2, 3, PIXELS));
        Path file = IdxFiles.write(dir.resolve("images.gz"), Arrays.copyOf(gz, gz.length - 12));

        assertFailsNaming(file, () -> IdxReader.readImages(file), "truncated");
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        byte[] whole = IdxFiles.images(2, 2, 3, PIXELS);
        Path file = IdxFiles.write(dir.resolve("images"), Arrays.copyOf(whole, whole.length + 3));
        byte[] labels = IdxFiles.labels((byte) 1);
        Path labelsFile = IdxFiles.write(dir.resolve("labels"), Arrays.copyOf(labels, labels.length + 1));

        assertFailsNaming(file, () -> IdxReader.readImages(file), "3 unexpected bytes");
        assertFailsNaming(labelsFile, () -> IdxReader.readLabels(labelsFile), "1 unexpected bytes");
    }

    @Test
    void implausibleDimensionsAreRejected() throws IOException {
        Path file = IdxFiles.write(dir.resolve("images"), IdxFiles.images(-1, 28, 28, new byte[0]));

        assertFailsNaming(file, () -> IdxReader.readImages(file), "dimensions", "4294967295");
    }

    @Test
    void missingFileSuggestsFetching() {
        Path file = dir.resolve("nowhere").resolve("train-images-idx3-ubyte");

        assertFailsNaming(file, () -> IdxReader.readImages(file), "does not exist", "fetch: true");
    }
}
