package dev.selfsup.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileManifestTest {

    @TempDir
    Path dir;

    @Test
    void recordsFilesAndNamesTheOneThatChanged() throws IOException {
        Files.writeString(dir.resolve("a.params"), "weights");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/b.json"), "{}");
        FileManifest.write(dir, "manifest.json", List.of("a.params", "sub/b.json"), Map.of("step", 3));
        assertEquals("", FileManifest.problem(dir, "manifest.json", List.of("a.params")));
        assertEquals("", FileManifest.problemOf(dir, "manifest.json", List.of("sub/b.json")));

        byte[] bytes = Files.readAllBytes(dir.resolve("a.params"));
        bytes[0] ^= (byte) 0x80; // one flipped sign bit
        Files.write(dir.resolve("a.params"), bytes);
        assertEquals("a.params does not match its sha256 in the manifest (modified, truncated or corrupt)",
                FileManifest.problem(dir, "manifest.json", List.of()));
        assertEquals("", FileManifest.problemOf(dir, "manifest.json", List.of("sub/b.json")), "only those asked");
        assertTrue(FileManifest.problemOf(dir, "manifest.json", List.of("c.bin")).equals("c.bin missing from manifest.json"));
        assertEquals("x.bin missing from manifest.json", FileManifest.problem(dir, "manifest.json", List.of("x.bin")));
        Files.delete(dir.resolve("sub/b.json"));
        Files.createDirectories(dir.resolve("sub/b.json"));
        assertEquals("sub/b.json is not a regular file", FileManifest.problemOf(dir, "manifest.json",
                List.of("sub/b.json")));
        assertEquals(dir.resolve("none.json") + " missing", FileManifest.problem(dir, "none.json", List.of()));
    }

    @Test
    void errorTextNamesTheFailureAndKeepsEveryCause() {
        assertEquals("no such file or folder: /x/y", ErrorText.describe(new NoSuchFileException("/x/y")));
        Exception wrapped = new UncheckedIOException("cannot write metrics file m.jsonl",
                new IOException("No space left on device"));
        assertEquals("cannot write metrics file m.jsonl: No space left on device", ErrorText.withCauses(wrapped));
        Exception repeated = new IllegalStateException("a: boom", new RuntimeException("boom"));
        assertEquals("a: boom", ErrorText.withCauses(repeated), "a cause already in the line is not repeated");
    }

    @Test
    void atomicWritesNameTheTargetAndKeepTheCause() {
        Path target = dir.resolve("report.json");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> AtomicFiles.write(target, temp -> {
                    throw new IOException("No space left on device");
                }));
        assertEquals("cannot write " + target + ": No space left on device", e.getMessage());
        assertTrue(Files.notExists(target));
    }
}
