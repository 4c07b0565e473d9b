package dev.selfsup.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InputFilesTest {

    @TempDir
    Path dir;

    @Test
    void expandsFilesFoldersAndGlobsInOrder() throws IOException {
        Path a = Files.writeString(dir.resolve("a.png"), "a");
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path c = Files.writeString(sub.resolve("c.png"), "c");
        Path b = Files.writeString(sub.resolve("b.png"), "b");
        Files.writeString(sub.resolve("notes.txt"), "n");
        Files.writeString(sub.resolve(".hidden.png"), "h");
        assertEquals(List.of(a), InputFiles.expand(List.of(a.toString())));
        List<Path> folder = InputFiles.expand(List.of(sub.toString()));
        assertEquals(List.of(b, c, sub.resolve("notes.txt")), folder, "sorted, hidden files skipped");
        assertEquals(List.of(b, c, a), InputFiles.expand(List.of(sub + "/*.png", a.toString())));
        assertEquals(List.of(b, c), InputFiles.expand(List.of(dir + "/**/*.png")));
        Path git = Files.createDirectories(sub.resolve(".git"));
        Files.writeString(git.resolve("d.png"), "d");
        assertEquals(List.of(b, c), InputFiles.expand(List.of(dir + "/**/*.png")), "hidden folders skipped");
        Path bracketed = Files.writeString(dir.resolve("photo[1].png"), "p");
        assertEquals(List.of(bracketed), InputFiles.expand(List.of(bracketed.toString())), "an existing file, not a glob");
    }

    @Test
    void anInputThatMatchesNothingIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InputFiles.expand(List.of(dir + "/*.jpg")));
        assertTrue(e.getMessage().contains("*.jpg matches no file"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InputFiles.expand(List.of(dir.resolve("missing").toString())));
    }
}
