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

    @Test
    void trainingStateRoundTripsExactlyIncludingNaN() throws IOException {
        TrainingState state = new TrainingState(TrainingState.FORMAT, 0, 0, 0, 40, 16, 64, 1, "2", -7L,
                TrainingState.RNG_SCHEME, 0, 0.1 + 0.2, Double.NaN, 1.0 / 3.0, 0, 12.5);
        Path file = dir.resolve("state.json");
        state.write(file);
        assertEquals(state, TrainingState.read(file));
    }

    @Test
    void aCheckpointFailsItsCheckWhenAFileIsAlteredOrMissing() throws IOException {
        Checkpoints checkpoints = new Checkpoints(dir, 3);
        Path folder = checkpoints.write(5, f -> {
            Files.writeString(f.resolve("model.params"), "weights");
            Files.writeString(f.resolve("state.json"), "{}");
        });
        List<String> required = List.of("model.params", "state.json");
        assertEquals("", Checkpoints.problem(folder, required));
        assertTrue(Checkpoints.problem(folder, List.of("optimizer.bin")).contains("optimizer.bin missing from"));
        Files.writeString(folder.resolve("state.json"), "{ }");
        assertTrue(Checkpoints.problem(folder, required).contains("state.json does not match its sha256"));
        Files.delete(folder.resolve("state.json"));
        assertTrue(Checkpoints.problem(folder, required).contains("state.json missing"));
        Files.writeString(folder.resolve(Checkpoints.MANIFEST), "{");
        assertTrue(Checkpoints.problem(folder, required).contains("manifest.json unreadable"));
    }
}
