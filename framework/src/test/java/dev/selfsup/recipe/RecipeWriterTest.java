package dev.selfsup.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeWriterTest {

    @TempDir
    Path dir;

    private final RecipeLoader loader = new RecipeLoader(Map.of("X", "expanded"));

    @Test
    void writtenRecipeLoadsBackEqual() throws IOException {
        Settings original = loader.loadString(String.join("\n",
                "name: demo",
                "tricky: ['42', 'true', '1e-3', 'null', '', 'a: b', '$${X}', ' padded', \"multi\\nline\"]",
                "numbers: [1, -2, 1.0e-05, .inf, 0x10]",
                "train:",
                "  lr: 1e-3",
                "  empty: {}",
                "  none: null",
                "  probes:",
                "    - {k: 5, tags: [a, b]}",
                "    - k: 10",
                "env: ${X}"), "r.yaml", dir, List.of());
        Path file = dir.resolve("out/resolved.yaml");
        Files.createDirectories(file.getParent());
        RecipeWriter.write(original, file);
        RecipeWriter.write(original, file);
        Settings reloaded = loader.load(file, List.of());
        assertEquals(original, reloaded);
        assertEquals("${X}", reloaded.getStringList("tricky").get(6));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary files left behind");
        }
    }

    @Test
    void writeFailureIsUnchecked() {
        Path file = dir.resolve("missing-folder/r.yaml");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> RecipeWriter.write(Settings.of(Map.of("a", 1)), file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void blockStyleWithKeysInOrderAndMinimalQuoting() {
        String yaml = RecipeWriter.toYaml(Settings.of(Map.of("train",
                Map.of("name", "adam", "steps", 3, "ids", List.of("7", "x")))));
        assertTrue(yaml.startsWith("train:\n  "), yaml);
        assertTrue(yaml.contains("  name: adam\n"), yaml);
        assertTrue(yaml.contains("  steps: 3\n"), yaml);
        assertTrue(yaml.contains("  ids:\n    - '7'\n    - x\n"), yaml);
    }
}
