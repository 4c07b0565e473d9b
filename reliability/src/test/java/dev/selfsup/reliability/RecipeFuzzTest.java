package dev.selfsup.reliability;

import dev.selfsup.SelfSup;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutation fuzzing of every shipped recipe through the real plugin jars: deleted keys, wrong types, huge, negative,
 * NaN and infinite numbers, unicode and very long strings, unknown keys, deep nesting, YAML alias bombs, duplicate
 * keys, truncation and binary junk. Every mutant must end in a valid recipe or in a {@link RecipeException} whose
 * every problem names a recipe file, a line and a key: never another exception, a hang or an out-of-memory.
 */
class RecipeFuzzTest {

    /** Mutants per recipe drawn from the key-level mutations (all text-level ones always run). */
    private static final int KEY_MUTANTS_PER_RECIPE = 60;

    @TempDir
    static Path work;

    /** Stands for the mutant's own file name. */
    private static final String SELF = "@SELF@";
    /**
     * Longer than any mutant needs (a 4 MB value validates in seconds): it catches a hang, not slowness, so a
     * machine shared with other work does not fail the test (one did at 20 s, under five training runs).
     */
    private static final Duration HANG = Duration.ofSeconds(120);

    private static SelfSup selfsup;
    private static Path recipes;

    @BeforeAll
    static void open() throws IOException {
        recipes = work.resolve("recipes");
        Files.createDirectories(recipes);
        for (Path recipe : Installation.recipes()) { // mutants sit beside the originals: extends: still resolves
            Files.copy(recipe, recipes.resolve(recipe.getFileName()));
        }
        Path plugins = work.resolve("plugins");
        Installation.copyPluginsTo(plugins);
        selfsup = Installation.framework(plugins).build();
        assertTrue(selfsup.plugins().failures().isEmpty(), selfsup.plugins().failures().toString());
    }

    @AfterAll
    static void close() {
        if (selfsup != null) {
            selfsup.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyShippedRecipeIsValidAsShipped() throws IOException {
        return Installation.recipes().stream().map(recipe -> DynamicTest.dynamicTest(recipe.getFileName().toString(),
                () -> selfsup.validate(recipes.resolve(recipe.getFileName()), List.of())));
    }

    @TestFactory
    Stream<DynamicTest> everyMutantEndsValidOrInAnErrorNamingFileLineAndKey() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path recipe : Installation.recipes()) {
            String name = recipe.getFileName().toString();
            String text = Files.readString(recipe, StandardCharsets.UTF_8);
            List<Mutant> mutants = new ArrayList<>(textMutants(text, tests.isEmpty()));
            mutants.addAll(keyMutants(text, new Random(name.hashCode())));
            tests.add(DynamicTest.dynamicTest(name + " (" + mutants.size() + " mutants)", () -> {
                int index = 0;
                for (Mutant mutant : mutants) {
                    check(name, index++, mutant);
                }
            }));
        }
        return tests.stream();
    }

    /** One mutated recipe: what was done to it, and its bytes. */
    private record Mutant(String description, byte[] bytes) {
        static Mutant of(String description, String text) {
            return new Mutant(description, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void check(String original, int index, Mutant mutant) throws IOException {
        String stem = original.replace(".yaml", "");
        Path file = recipes.resolve("mutant-" + stem + "-" + index + ".yaml");
        Files.write(file, new String(mutant.bytes(), StandardCharsets.ISO_8859_1).replace(SELF,
                file.getFileName().toString()).getBytes(StandardCharsets.ISO_8859_1));
        Ledger.badInput("recipe mutants");
        String what = original + " " + mutant.description() + " (" + file.getFileName() + ")";
        try {
            assertTimeoutPreemptively(HANG, () -> {
                try {
                    selfsup.validate(file, List.of());
                } catch (RecipeException e) {
                    assertFalse(e.problems().isEmpty(), what + ": an error with no problem listed");
                    for (RecipeProblem problem : e.problems()) {
                        assertLocated(problem, what);
                    }
                }
            }, what + ": validation hung");
        } catch (AssertionError e) {
            throw e;
        } catch (Throwable e) {
            fail(what + ": ended in " + e, e);
        } finally {
            Files.delete(file);
        }
    }

    private static void assertLocated(RecipeProblem problem, String what) {
        Path file = Path.of(problem.location().file());
        assertTrue(Files.exists(file) || file.getFileName().toString().startsWith("mutant-"),
                what + ": the problem does not name the file it is in: " + problem);
        assertTrue(problem.location().line() >= 1, what + ": the problem names no line: " + problem);
        assertFalse(problem.key().isBlank(), what + ": the problem names no key: " + problem);
        assertFalse(problem.message().isBlank(), what + ": the problem says nothing: " + problem);
    }

    /**
     * Mutations of the file as text: the damage an editor, a bad copy or an attacker does. The multi-megabyte
     * ones ({@code huge}) take seconds each and do not depend on the recipe: they run on the first recipe only.
     */
    private static List<Mutant> textMutants(String text, boolean huge) {
        List<Mutant> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        out.add(Mutant.of("emptied", ""));
        out.add(Mutant.of("only a comment", "# nothing here\n"));
        for (int cut : new int[] {1, 7, text.length() / 3, text.length() / 2, text.length() - 2}) {
            if (cut > 0 && cut < text.length()) {
                out.add(Mutant.of("truncated at byte " + cut, text.substring(0, cut)));
            }
        }
        Random random = new Random(text.length());
        for (int i = 0; i < 4; i++) {
            byte[] junk = new byte[64 + random.nextInt(512)];
            random.nextBytes(junk);
            out.add(new Mutant("binary junk " + i, junk));
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int at = random.nextInt(bytes.length);
            byte[] spliced = new byte[bytes.length + junk.length];
            System.arraycopy(bytes, 0, spliced, 0, at);
            System.arraycopy(junk, 0, spliced, at, junk.length);
            System.arraycopy(bytes, at, spliced, at + junk.length, bytes.length - at);
            out.add(new Mutant("binary junk spliced at byte " + at, spliced));
        }
        byte[] head = (text + "\nname: caf").getBytes(StandardCharsets.UTF_8);
        byte[] invalid = java.util.Arrays.copyOf(head, head.length + 3);
        invalid[head.length] = (byte) 0xC3; // a lead byte followed by no continuation byte
        invalid[head.length + 1] = (byte) 0x28;
        invalid[head.length + 2] = '\n';
        out.add(new Mutant("invalid UTF-8", invalid));
        byte[] latin = (text + "\nname: caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        out.add(new Mutant("ISO-8859-1 byte in a value", latin));
        out.add(Mutant.of("NUL character", text + "\nname: a\u0000b\n"));
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].matches("^[a-z_]+:.*\\S.*$") && !lines[i].startsWith("extends")) {
                out.add(Mutant.of("top-level line " + (i + 1) + " duplicated", text + "\n" + lines[i] + "\n"));
                break;
            }
        }
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("  ") && lines[i].contains(":")) {
                String[] copy = lines.clone();
                copy[i] = "\t" + lines[i].substring(2);
                out.add(Mutant.of("tab indentation at line " + (i + 1), String.join("\n", copy)));
                copy = lines.clone();
                copy[i] = " " + lines[i];
                out.add(Mutant.of("odd indentation at line " + (i + 1), String.join("\n", copy)));
                break;
            }
        }
        out.add(Mutant.of("deep block nesting", text + "\n" + nestedBlock(2_000)));
        out.add(Mutant.of("deep flow nesting", text + "\ntrain: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n"));
        out.add(Mutant.of("alias bomb", text + "\n" + aliasBomb(9, 9)));
        out.add(Mutant.of("small alias bomb within the alias limit", text + "\n" + aliasBomb(3, 15)));
        out.add(Mutant.of("self-referencing alias", text + "\nloop: &a [*a]\n"));
        out.add(Mutant.of("undefined alias", text + "\nseed: *nothing\n"));
        out.add(Mutant.of("a tag that names a Java class", text
                + "\nseed: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:9/\"]]]]\n"));
        out.add(Mutant.of("a multi-document stream", text + "\n---\nname: second\n"));
        if (huge) {
            out.add(Mutant.of("a 2 MB value", text + "\nname: " + "x".repeat(2_000_000) + "\n"));
            out.add(Mutant.of("a 4 MB value over the YAML code point limit",
                    text + "\nname: " + "y".repeat(4_000_000) + "\n"));
        }
        out.add(Mutant.of("extends itself", "extends: " + SELF + "\n"));
        out.add(Mutant.of("extends a missing file", "extends: no-such-recipe.yaml\n" + text));
        out.add(Mutant.of("extends a path outside", "extends: /etc/passwd\n"));
        out.add(Mutant.of("undefined environment variable", text + "\nname: ${SELFSUP_FUZZ_UNSET_VARIABLE}\n"));
        return out;
    }

    private static String nestedBlock(int depth) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            sb.append("  ".repeat(i)).append(i == 0 ? "encoder" : "k" + i).append(":\n");
        }
        return sb.append("  ".repeat(depth)).append("v: 1\n").toString();
    }

    /** A "billion laughs" document: {@code levels} anchors, each a list of {@code width} aliases of the previous. */
    private static String aliasBomb(int levels, int width) {
        StringBuilder sb = new StringBuilder("bomb0: &b0 [\"lol\"]\n");
        for (int level = 1; level <= levels; level++) {
            sb.append("bomb").append(level).append(": &b").append(level).append(" [");
            for (int i = 0; i < width; i++) {
                sb.append(i == 0 ? "" : ", ").append("*b").append(level - 1);
            }
            sb.append("]\n");
        }
        return sb.toString();
    }

    /** Values that go in place of a key's value. */
    private static final List<String> HOSTILE_VALUES = List.of("-1", "0", "-0.0", "1.0e308", "-1.0e308", "1e999",
            ".nan", ".inf", "-.inf", "9223372036854775808", "99999999999999999999999999", "4.9e-324", "2147483648",
            "true", "null", "~", "\"\"", "\"ünïcödé 😀 名前\"", "\"" + "z".repeat(10_000) + "\"", "[]", "{}", "[1, [2, [3]]]",
            "{type: {type: {type: x}}}", "\"../../../../etc\"", "\"/dev/zero\"", "0x7fffffff", "1_000", "!!binary AAAA",
            "2026-12-06");

    /** Mutations of one key of the parsed recipe: deleted, retyped, given a hostile value, or joined by an unknown. */
    private static List<Mutant> keyMutants(String text, Random random) {
        Object parsed = new Yaml().load(text);
        List<List<Object>> paths = new ArrayList<>();
        leaves(parsed, new ArrayList<>(), paths);
        List<Mutant> out = new ArrayList<>();
        for (int i = 0; i < KEY_MUTANTS_PER_RECIPE && !paths.isEmpty(); i++) {
            List<Object> path = paths.get(random.nextInt(paths.size()));
            int kind = random.nextInt(4);
            String hostile = HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size()));
            Object yamlValue = new Yaml().load("v: " + hostile) instanceof Map<?, ?> m ? m.get("v") : hostile;
            Object tree = copy(parsed);
            String description;
            switch (kind) {
                case 0 -> {
                    edit(tree, path, REMOVE);
                    description = "deleted " + path;
                }
                case 1 -> {
                    edit(tree, path, yamlValue);
                    description = path + " = " + abbreviate(hostile);
                }
                case 2 -> {
                    Object section = parentOf(tree, path);
                    if (section instanceof Map<?, ?> map) {
                        @SuppressWarnings("unchecked") Map<Object, Object> writable = (Map<Object, Object>) map;
                        writable.put("unknown_key_" + i, yamlValue);
                    }
                    description = "unknown key beside " + path;
                }
                default -> {
                    Map<String, Object> nested = new LinkedHashMap<>();
                    nested.put("nested", yamlValue);
                    edit(tree, path, List.of(nested));
                    description = path + " replaced by a list of sections";
                }
            }
            out.add(Mutant.of(description, new Yaml().dump(tree)));
        }
        return out;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "... (" + value.length() + " chars)" : value;
    }

    private static void leaves(Object node, List<Object> path, List<List<Object>> out) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                List<Object> child = new ArrayList<>(path);
                child.add(e.getKey());
                out.add(child); // sections as well as scalars can be deleted or retyped
                leaves(e.getValue(), child, out);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                List<Object> child = new ArrayList<>(path);
                child.add(i);
                out.add(child);
                leaves(list.get(i), child, out);
            }
        }
    }

    private static Object copy(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, copy(v)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(copy(v)));
            return out;
        }
        return node;
    }

    private static Object parentOf(Object tree, List<Object> path) {
        Object node = tree;
        for (Object step : path.subList(0, path.size() - 1)) {
            node = node instanceof Map<?, ?> map ? map.get(step) : ((List<?>) node).get((Integer) step);
        }
        return node;
    }

    /** Stands for "remove the key or element" in {@link #edit}. */
    private static final Object REMOVE = new Object();

    /** Replaces the value at {@code path} with {@code value}, or removes it when it is {@link #REMOVE}. */
    @SuppressWarnings("unchecked")
    private static void edit(Object tree, List<Object> path, Object value) {
        Object parent = parentOf(tree, path);
        Object last = path.get(path.size() - 1);
        if (parent instanceof Map<?, ?> map) {
            if (value == REMOVE) {
                ((Map<Object, Object>) map).remove(last);
            } else {
                ((Map<Object, Object>) map).put(last, value);
            }
        } else {
            List<Object> list = (List<Object>) parent;
            if (value == REMOVE) {
                list.remove((int) (Integer) last);
            } else {
                list.set((Integer) last, value);
            }
        }
    }
}
