package dev.selfsup.vision;

import dev.selfsup.SelfSup;
import dev.selfsup.data.IntegrityException;
import dev.selfsup.embed.TrainedTask;
import dev.selfsup.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task's exported parts are saved beside its encoders and restored with them from the run folder alone. */
class ExportedPartTest {

    @TempDir
    Path work;

    @Test
    void anExportedPartIsSavedAndTheRunFolderRestoresTheWholeTask() throws Exception {
        SyntheticIdx.write(work.resolve("idx"), 200, 60, 6);
        String recipe = """
                name: exporting
                seed: 9
                device: cpu
                output: %s
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 16, depth: 1, heads: 2}
                pretext: {task: mae_exporting, decoder: {dim: 16, depth: 1, heads: 2}}
                train: {max_steps: 8, batch_size: 20, log_every: 4}
                evaluate: {enabled: false}
                """.formatted(work.resolve("runs"), work.resolve("idx"));
        try (SelfSup selfsup = SelfSup.builder().optThreads(1)
                .optOutput(new PrintStream(OutputStream.nullOutputStream()), false).build()) {
            RunResult result = selfsup.run(selfsup.validateText(recipe, List.of()));
            Path part = result.folder().exportDirectory("prediction");
            assertEquals(List.of("prediction"), result.folder().exports());
            for (String file : List.of("part.params", "part.yaml", "manifest.json")) {
                assertTrue(Files.isRegularFile(part.resolve(file)), file);
            }
            assertTrue(Files.readString(part.resolve("part.yaml")).contains("task: mae_exporting"));

            float[] restored;
            float[] restoredEncoder;
            try (TrainedTask task = selfsup.openRun(result.folder().root()).openTask()) {
                restored = task.task().exports().get("prediction").getParameters().get("weight").getArray()
                        .toFloatArray();
                restoredEncoder = task.task().encoders().get("encoder").block().getParameters().get(0).getValue()
                        .getArray().toFloatArray();
            }
            float[] initial;
            try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
                var fresh = selfsup.validateText(recipe, List.of()).buildTask(java.util.Map.of(), manager, 1, 9);
                initial = fresh.exports().get("prediction").getParameters().get("weight").getArray().toFloatArray();
            }
            assertFalse(java.util.Arrays.equals(initial, restored), "the trained values, not a fresh initialisation");
            try (TrainedTask again = selfsup.openRun(result.folder().root()).openTask()) {
                assertArrayEquals(restored, again.task().exports().get("prediction").getParameters().get("weight")
                        .getArray().toFloatArray());
                assertArrayEquals(restoredEncoder, again.task().encoders().get("encoder").block().getParameters()
                        .get(0).getValue().getArray().toFloatArray());
            }

            byte[] params = Files.readAllBytes(part.resolve("part.params"));
            params[params.length - 1] ^= 1;
            Files.write(part.resolve("part.params"), params);
            IntegrityException e = assertThrows(IntegrityException.class,
                    () -> selfsup.openRun(result.folder().root()).openTask());
            assertTrue(e.getMessage().contains("part.params"), e.getMessage());
        }
    }
}
