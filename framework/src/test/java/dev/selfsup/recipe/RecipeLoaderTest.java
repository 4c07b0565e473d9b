package dev.selfsup.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeLoaderTest {

    @TempDir
    Path dir;

    private final RecipeLoader loader = new RecipeLoader(Map.of("SEED", "7", "DATA", "/data", "EMPTY", ""));

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    private static RecipeProblem only(RecipeException e) {
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void typesScalarsAndLocatesKeys() throws IOException {
        Path file = write("r.yaml",
                "name: demo",
                "train:",
                "  steps: 1_000",
                "  lr: 1e-3",
                "  wd: 1.5e-3",
                "  amp: yes",
                "  quoted: '42'",
                "  nothing: ~",
                "  day: 2024-01-01",
                "  sizes: [1, 2.5, x]");
        Settings s = loader.load(file, List.of());
        Settings train = s.getSection("train");
        assertEquals(1000L, train.raw("steps"));
        assertEquals(1e-3, train.raw("lr"));
        assertEquals(1.5e-3, train.raw("wd"));
        assertEquals(true, train.raw("amp"));
        assertEquals("42", train.raw("quoted"));
        assertTrue(train.has("nothing"));
        assertNull(train.raw("nothing"));
        assertEquals("2024-01-01", train.raw("day"));
        assertEquals(List.of(1L, 2.5, "x"), train.raw("sizes"));
        assertEquals(new SourceLocation(file.toString(), 4, 3), train.location("lr"));
        assertEquals(new SourceLocation(file.toString(), 3, 3), train.location());
        assertEquals(new SourceLocation(file.toString(), 1, 1), s.location("name"));
    }

    @Test
    void invalidUtf8NamesTheLineColumnAndByteOffset() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "name: demo\nseed: 1\ntitle: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        RecipeProblem p = only(assertThrows(RecipeException.class, () -> loader.load(file, List.of())));
        assertEquals(new SourceLocation(file.toString(), 3, 11), p.location());
        assertTrue(p.message().contains("not valid UTF-8 at byte offset 29 (byte 0xe9)"), p.message());
    }

    @Test
    void anAliasInsideWhatItNamesIsRefusedNotRecursedForever() throws IOException {
        Path file = write("loop.yaml", "name: demo", "views: &v [1, *v]");
        RecipeProblem p = only(assertThrows(RecipeException.class, () -> loader.load(file, List.of())));
        assertEquals("views[1]", p.key());
        assertTrue(p.message().contains("refers to a collection that contains it"), p.message());
    }

    @Test
    void aliasesExpandingBeyondTheLimitAreRefusedWhileOrdinaryAliasesWork() throws IOException {
        Path shared = write("shared.yaml", "name: demo", "augment: &a [{type: flip}, {type: blur}]",
                "views: [{augment: *a}, {augment: *a}]");
        Settings settings = loader.load(shared, List.of());
        assertEquals(2, ((List<?>) settings.raw("views")).size());
        StringBuilder bomb = new StringBuilder("b0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 6; level++) { // 8^7 = 2 million values from 7 short lines
            bomb.append("b").append(level).append(": &b").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(8, "*b" + (level - 1)))).append("]\n");
        }
        Path file = write("bomb.yaml", bomb.toString());
        RecipeProblem p = only(assertThrows(RecipeException.class, () -> loader.load(file, List.of())));
        assertTrue(p.message().contains("expands to more than " + NodeConverter.MAX_VALUES + " values"), p.message());
        assertTrue(p.location().line() >= 1, p.toString());
    }

    @Test
    void syntaxErrorNamesFileLineAndColumn() throws IOException {
        Path file = write("bad.yaml", "a: 1", "b: [1, 2", "c: 3");
        RecipeProblem p = only(assertThrows(RecipeException.class, () -> loader.load(file, List.of())));
        assertEquals(file.toString(), p.location().file());
        assertEquals(3, p.location().line());
        assertTrue(p.message().startsWith("YAML syntax error"), p.message());
    }

    @Test
    void duplicateKeyNamesBothLines() throws IOException {
        Path file = write("dup.yaml", "train:", "  lr: 0.1", "  steps: 3", "  lr: 0.2");
        RecipeProblem p = only(assertThrows(RecipeException.class, () -> loader.load(file, List.of())));
        assertEquals("train.lr", p.key());
        assertEquals(4, p.location().line());
        assertEquals("duplicate key; first defined at " + file + ":2:3", p.message());
    }

    @Test
    void rootMustBeAMapping() throws IOException {
        Path file = write("list.yaml", "- a", "- b");
        RecipeProblem p = only(assertThrows(RecipeException.class, () -> loader.load(file, List.of())));
        assertEquals(file + ":1:1: (root): the recipe must be a mapping of keys to values", p.toString());
        assertEquals(Settings.of(Map.of()), loader.loadString("", "empty", dir, List.of()));
    }

    @Test
    void missingFileIsReported() {
        Path file = dir.resolve("nope.yaml");
        RecipeProblem p = only(assertThrows(RecipeException.class, () -> loader.load(file, List.of())));
        assertEquals(file.toString(), p.location().toString());
        assertTrue(p.message().startsWith("cannot read recipe"), p.message());
    }

    @Test
    void extendsMergesThreeLevels() throws IOException {
        Path base = write("base/base.yaml",
                "seed: 1",
                "train:",
                "  lr: 0.1",
                "  steps: 100",
                "  milestones: [0.3, 0.6, 0.9]",
                "data: {name: cifar10, root: /base}");
        Path mid = write("base/mid.yaml",
                "extends: base.yaml",
                "train:",
                "  lr: 0.05",
                "  milestones: [0.5]");
        Path top = write("exp/top.yaml",
                "extends: ../base/mid.yaml",
                "train:",
                "  steps: 200",
                "name: top");
        Settings s = loader.load(top, List.of());
        assertFalse(s.has("extends"));
        Settings train = s.getSection("train");
        assertEquals(0.05, train.getDouble("lr"));
        assertEquals(200, train.getInt("steps"));
        assertEquals(List.of(0.5), train.getDoubleList("milestones"), "lists are replaced, not appended");
        assertEquals("cifar10", s.getSection("data").getString("name"));
        assertEquals(List.of("seed", "train", "data", "name"), List.copyOf(s.keys()));
        assertEquals(List.of("lr", "steps", "milestones"), List.copyOf(train.keys()));

        assertEquals(new SourceLocation(mid.toString(), 3, 3), train.location("lr"));
        assertEquals(new SourceLocation(top.toString(), 3, 3), train.location("steps"));
        assertEquals(new SourceLocation(mid.toString(), 4, 3), train.location("milestones"));
        assertEquals(new SourceLocation(base.toString(), 1, 1), s.location("seed"));
        assertEquals(top.toString(), s.location("name").file());
    }

    @Test
    void extendsListAppliesParentsInOrder() throws IOException {
        write("a.yaml", "x: 1", "y: 1");
        write("b.yaml", "y: 2", "z: 2");
        Settings s = loader.loadString("extends: [a.yaml, b.yaml]\nz: 3\n", "<text>", dir, List.of());
        assertEquals(Settings.of(Map.of("x", 1, "y", 2, "z", 3)), s);
        assertEquals("<text>:2:1", s.location("z").toString());
        assertEquals(dir.resolve("b.yaml") + ":1:1", s.location("y").toString());
    }

    @Test
    void extendsCycleNamesTheChain() throws IOException {
        Path a = write("a.yaml", "extends: b.yaml", "x: 1");
        Path b = write("b.yaml", "y: 2", "extends: a.yaml");
        RecipeProblem p = only(assertThrows(RecipeException.class, () -> loader.load(a, List.of())));
        assertEquals(new SourceLocation(b.toString(), 2, 1), p.location());
        assertEquals("extends", p.key());
        assertEquals("extends cycle: " + a + " -> " + b + " -> " + a, p.message());
    }

    @Test
    void missingParentIsReportedAtTheExtendsLine() throws IOException {
        Path file = write("child.yaml", "x: 1", "extends: [gone.yaml]");
        RecipeProblem p = only(assertThrows(RecipeException.class, () -> loader.load(file, List.of())));
        assertEquals(new SourceLocation(file.toString(), 2, 1), p.location());
        assertEquals("extends[0]", p.key());
        assertEquals("parent recipe not found: " + dir.resolve("gone.yaml"), p.message());
    }

    @Test
    void interpolatesEnvironmentVariables() {
        Settings s = loader.loadString(String.join("\n",
                "seed: ${SEED}",
                "workers: ${WORKERS:-4}",
                "flag: ${FLAG:-true}",
                "empty: ${EMPTY:-fallback}",
                "root: ${DATA}/cifar",
                "quoted: \"${SEED}\"",
                "literal: $${SEED}",
                "list:",
                "  - ${SEED}",
                "  - x${SEED}"), "r.yaml", dir, List.of());
        assertEquals(7L, s.raw("seed"));
        assertEquals(4L, s.raw("workers"));
        assertEquals(true, s.raw("flag"));
        assertEquals("fallback", s.raw("empty"));
        assertEquals("/data/cifar", s.raw("root"));
        assertEquals("7", s.raw("quoted"));
        assertEquals("${SEED}", s.raw("literal"));
        assertEquals(List.of(7L, "x7"), s.raw("list"));
    }

    @Test
    void unsetVariableIsAnError() {
        RecipeException e = assertThrows(RecipeException.class,
                () -> loader.loadString("a: 1\nroot: ${HOME_DIR}/x\nb: ${oops\n", "r.yaml", dir, List.of()));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertEquals("r.yaml:2:7: root: environment variable 'HOME_DIR' is not set", e.problems().get(0).toString());
        assertEquals("b", e.problems().get(1).key());
        assertEquals(3, e.problems().get(1).location().line());
    }

    @Test
    void overridesSetTypedValues() throws IOException {
        Path file = write("r.yaml", "train:", "  lr: 0.1", "  steps: 10");
        Settings s = loader.load(file, List.of(
                "train.lr=1e-3",
                "train.steps=3",
                "train.amp=true",
                "name=abc",
                "train.milestones=[0.01, 1.0]",
                "model.encoder={dim: 64}"));
        Settings train = s.getSection("train");
        assertEquals(1e-3, train.raw("lr"));
        assertEquals(3L, train.raw("steps"));
        assertEquals(true, train.raw("amp"));
        assertEquals("abc", s.raw("name"));
        assertEquals(List.of(0.01, 1.0), train.raw("milestones"));
        assertEquals(64, s.getSection("model").getSection("encoder").getInt("dim"));
        assertEquals("--set train.lr=1e-3", train.location("lr").toString());
        assertEquals(SourceLocation.commandLine("model.encoder={dim: 64}"),
                s.getSection("model").getSection("encoder").location("dim"));
        assertEquals(new SourceLocation(file.toString(), 1, 1), s.location("train"));
    }

    @Test
    void malformedOverridesAreReported() throws IOException {
        Path file = write("r.yaml", "train: {lr: 0.1}");
        RecipeException e = assertThrows(RecipeException.class,
                () -> loader.load(file, List.of("train.lr", "=3", "a..b=1", "train.lr.x=1", "x=[1")));
        List<String> printed = e.problems().stream().map(RecipeProblem::toString).toList();
        assertEquals(5, printed.size(), e.getMessage());
        assertTrue(printed.get(0).startsWith("--set train.lr: (override): malformed override"), printed.get(0));
        assertTrue(printed.get(1).startsWith("--set =3: (override): malformed override"), printed.get(1));
        assertTrue(printed.get(2).startsWith("--set a..b=1: a..b: malformed override"), printed.get(2));
        assertEquals("--set train.lr.x=1: train.lr: cannot set 'train.lr.x': expected a mapping, found number 0.1",
                printed.get(3));
        assertTrue(printed.get(4).startsWith("--set x=[1: x: cannot parse the value"), printed.get(4));
    }
}
