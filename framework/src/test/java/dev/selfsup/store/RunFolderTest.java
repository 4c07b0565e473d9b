package dev.selfsup.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunFolderTest {

    @TempDir
    Path output;

    @Test
    void aSecondRunInTheSameFolderIsRefusedUntilTheFirstEnds() {
        RunFolder folder = RunFolder.create(output, "locked");
        try (RunLock first = folder.lock()) {
            RunFolderInUseException e = assertThrows(RunFolderInUseException.class, folder::lock);
            assertTrue(e.getMessage().startsWith("run folder " + folder.root() + " is in use by another selfsup run "
                    + "(process " + ProcessHandle.current().pid() + ", since "), e.getMessage());
        }
        try (RunLock again = folder.lock()) {
            assertTrue(Files.exists(folder.root().resolve("run.lock")));
        }
    }

    @Test
    void namesThatWouldLeaveTheRunFolderAreRefused() {
        for (String name : new String[] {"..", ".", "", "../escape", "a/b", "..\\x", "a\0b"}) {
            assertThrows(IllegalArgumentException.class, () -> RunFolder.create(output, name), name);
        }
        RunFolder folder = RunFolder.create(output, "paths");
        for (String name : new String[] {"..", "../../etc", "/abs", "a/b"}) {
            assertThrows(IllegalArgumentException.class, () -> folder.exportDirectory(name), name);
            assertThrows(IllegalArgumentException.class, () -> folder.encoderDirectory(name), name);
            assertThrows(IllegalArgumentException.class, () -> folder.preparedDirectory(name), name);
        }
        assertTrue(folder.exportDirectory("projection").startsWith(folder.root()));
    }

    @Test
    void aFolderWithNothingTrainedIsRemovedAndOneWithMetricsKept() throws IOException {
        RunFolder empty = RunFolder.create(output, "failed");
        Files.writeString(empty.resolvedRecipe(), "name: failed\n");
        assertTrue(empty.removeIfNothingTrained());
        assertFalse(Files.exists(empty.root()));
        assertFalse(Files.exists(output.resolve("failed")), "the emptied <output>/<name> folder goes too");

        RunFolder trained = RunFolder.create(output, "diverged");
        Files.writeString(trained.metrics(), "{\"step\":1,\"loss\":2.0}\n");
        assertFalse(trained.removeIfNothingTrained());
        assertTrue(Files.exists(trained.metrics()));
    }

    @Test
    void openingSomethingThatIsNotARunFolderSaysWhatItIs() throws IOException {
        Path file = Files.writeString(output.resolve("notes.txt"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunFolder.open(file)).getMessage()
                .endsWith("is a file, not a run folder"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunFolder.open(output.resolve("gone")))
                .getMessage().endsWith("does not exist"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunFolder.open(output)).getMessage()
                .endsWith("it has no recipe.resolved.yaml"));
    }
}
