package dev.selfsup.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.data.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void writesAManifestOfChecksumsAndKeepsTheNewest() throws IOException {
        Checkpoints checkpoints = new Checkpoints(dir, 2);
        for (long step : new long[] {100, 200, 300}) {
            checkpoints.write(step, folder -> Files.writeString(folder.resolve("model.params"), "weights " + step));
        }
        List<Path> kept = checkpoints.list();
        assertEquals(List.of(dir.resolve("step-000200"), dir.resolve("step-000300")), kept);
        JsonNode manifest = new ObjectMapper().readTree(kept.get(1).resolve(Checkpoints.MANIFEST).toFile());
        assertEquals(300, manifest.get("step").asLong());
        assertEquals(Sha256.of(kept.get(1).resolve("model.params")), manifest.get("sha256").get("model.params").asText());
    }

    @Test
    void aFailedWriteLeavesNoCheckpointBehind() {
        Checkpoints checkpoints = new Checkpoints(dir, 2);
        checkpoints.write(1, folder -> Files.writeString(folder.resolve("model.params"), "good"));
        assertThrows(UncheckedIOException.class, () -> checkpoints.write(2, folder -> {
            Files.writeString(folder.resolve("model.params"), "half");
            throw new IOException("disk full");
        }));
        assertEquals(List.of(dir.resolve("step-000001")), checkpoints.list());
        assertFalse(Files.exists(dir.resolve("step-000002")));
        assertTrue(Files.exists(dir.resolve("step-000001").resolve("model.params")));
    }
}
