package dev.selfsup.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MetricsSinkTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskIsReportedWithTheFileAndTheReason() {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC
        assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        try (MetricsSink sink = new MetricsSink(full)) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> sink.log(Map.of("step", 1)));
            assertTrue(e.getMessage().startsWith("cannot write metrics file /dev/full: "), e.getMessage());
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        } catch (UncheckedIOException closing) {
            assertTrue(closing.getMessage().contains("/dev/full"), closing.getMessage());
        }
    }

    @Test
    void junkLinesAreSkippedWhenTruncatingAndReadingTheLastLoss() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":5,\"loss\":2.5}\n\u0000\u0001garbage\n{\"step\":10,\"loss\":1.5}\n{\"st");
        assertEquals(1.5, MetricsSink.lastLoss(file));
        assertEquals(3, MetricsSink.truncateAfter(file, 5), "the record after step 5 and two junk lines");
        assertEquals(2.5, MetricsSink.lastLoss(file));
        assertTrue(Double.isNaN(MetricsSink.lastLoss(dir.resolve("none.jsonl"))));
        Files.delete(file);
        Files.createDirectories(file);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> MetricsSink.truncateAfter(file, 5));
        assertTrue(e.getMessage().startsWith("cannot rewrite metrics file " + file + ": "), e.getMessage());
        assertTrue(e.getMessage().length() > ("cannot rewrite metrics file " + file + ": ").length(), "with a reason");
    }
}
