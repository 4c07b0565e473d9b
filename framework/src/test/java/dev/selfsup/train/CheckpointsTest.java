package dev.selfsup.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.api.data.Sha256;
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

    /** 40 steps of 16 from 64 samples: 4 steps per epoch. */
    private static final BatchPlan PLAN = BatchPlan.fixed(16, 4, 40);

    @Test
    void aForgedOrInconsistentStateIsRefusedWithTheReason() throws IOException {
        TrainingState honest = state(20, 5, 0, 20, 1);
        assertEquals("", honest.inconsistency(PLAN));
        assertEquals("step 999 is outside the plan's 0 to 40 steps", state(999, 249, 3, 999, 1).inconsistency(PLAN));
        assertTrue(state(20, 4, 1, 20, 1).inconsistency(PLAN).startsWith("its data cursor (epoch 4, batch 1) is not "
                + "that of step 20"), state(20, 4, 1, 20, 1).inconsistency(PLAN));
        assertEquals("21 optimizer updates in 20 steps", state(20, 5, 0, 21, 1).inconsistency(PLAN));
        assertEquals("30 steps in the logging window after 20 steps", state(20, 5, 0, 20, 30).inconsistency(PLAN));

        Path checkpoint = new Checkpoints(dir, 2).write(20, folder -> state(999, 249, 3, 999, 1)
                .write(folder.resolve("state.json")));
        CheckpointException forged = assertThrows(CheckpointException.class,
                () -> TrainingState.readFor(checkpoint, -7L, PLAN, 64, 1));
        assertTrue(forged.getMessage().contains("its state.json is inconsistent (step 999 is outside the plan's 0 "
                + "to 40 steps)"), forged.getMessage());
        Path renamed = new Checkpoints(dir, 2).write(24, folder -> honest.write(folder.resolve("state.json")));
        CheckpointException misnamed = assertThrows(CheckpointException.class,
                () -> TrainingState.readFor(renamed, -7L, PLAN, 64, 1));
        assertTrue(misnamed.getMessage().contains("it says step 20 but its folder is step-000024"),
                misnamed.getMessage());
    }

    private static TrainingState state(long step, long epoch, long batch, long updates, long windowSteps) {
        return new TrainingState(TrainingState.FORMAT, step, epoch, batch, 40, 16, 64, 1, "2", -7L,
                TrainingState.RNG_SCHEME, updates, 1e-3, 2.5, 1.0, windowSteps, 3.0, null, null, null);
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
                TrainingState.RNG_SCHEME, 0, 0.1 + 0.2, Double.NaN, 1.0 / 3.0, 0, 12.5, 4096, 20L, 0.25);
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
