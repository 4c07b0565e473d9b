package dev.selfsup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static final SourceLocation FILE = new SourceLocation("r.yaml", 3, 5);

    private static Settings sample() {
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("name", "adam");
        optimizer.put("lr", 0.1f);
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("steps", 10);
        plain.put("ratio", 2);
        plain.put("flag", true);
        plain.put("nothing", null);
        plain.put("optimizer", optimizer);
        plain.put("sizes", List.of(1, 2, 3));
        plain.put("probes", List.of(Map.of("k", 5)));
        return Settings.of(plain);
    }

    @Test
    void sourceLocationFormats() {
        assertEquals("r.yaml:3:5", FILE.toString());
        assertEquals("--set a.b=c", SourceLocation.commandLine("a.b=c").toString());
        assertEquals("<code>", SourceLocation.code().toString());
        assertEquals("r.yaml:3:5: train.lr: too big", new RecipeProblem(FILE, "train.lr", "too big").toString());
    }

    @Test
    void recipeExceptionListsEveryProblem() {
        RecipeException e = new RecipeException(List.of(new RecipeProblem(FILE, "a", "x"),
                new RecipeProblem(SourceLocation.code(), "b", "y")));
        assertEquals("invalid recipe:\nr.yaml:3:5: a: x\n<code>: b: y", e.getMessage());
        assertEquals(2, e.problems().size());
        assertThrows(IllegalArgumentException.class, () -> new RecipeException(List.of()));
    }

    @Test
    void ofNormalisesPlainJavaValues() {
        Settings s = sample();
        assertEquals(10L, s.raw("steps"));
        assertEquals(0.1, s.getSection("optimizer").raw("lr"));
        assertEquals("optimizer", s.getSection("optimizer").path());
        assertEquals("probes[0]", s.getSectionList("probes").get(0).path());
        assertEquals(List.of("steps", "ratio", "flag", "nothing", "optimizer", "sizes", "probes"),
                List.copyOf(s.keys()));
        assertEquals(SourceLocation.code(), s.location("steps"));
        assertTrue(s.has("nothing"));
        assertFalse(s.has("absent"));
    }

    @Test
    void typedGettersReturnValues() {
        Settings s = sample();
        assertEquals(10, s.getInt("steps"));
        assertEquals(10L, s.getLong("steps"));
        assertEquals(2.0, s.getDouble("ratio"));
        assertTrue(s.getBoolean("flag"));
        assertEquals("adam", s.getSection("optimizer").getString("name"));
        assertEquals(List.of(1, 2, 3), s.getIntList("sizes"));
        assertEquals(List.of(1.0, 2.0, 3.0), s.getDoubleList("sizes"));
        assertEquals(5, s.getSectionList("probes").get(0).getInt("k"));
        assertEquals("x", s.optString("nothing", "x"));
        assertEquals(7, s.optInt("absent", 7));
        assertEquals(0.5, s.optDouble("absent", 0.5));
        assertFalse(s.optBoolean("absent", false));
        assertEquals(10, s.optInt("steps", 7));
    }

    @Test
    void gettersNameLocationAndFullKey() {
        Settings root = Settings.builder("", new SourceLocation("r.yaml", 1, 1))
                .put("train", Settings.builder("", new SourceLocation("r.yaml", 2, 3))
                        .put("lr", "fast", FILE)
                        .put("sizes", Arrays.asList(1, "two"), new SourceLocation("r.yaml", 4, 3))
                        .put("big", 5_000_000_000L, FILE)
                        .build(), new SourceLocation("r.yaml", 1, 1))
                .build();
        Settings train = root.getSection("train");
        assertEquals("train", train.path());

        RecipeProblem wrong = only(assertThrows(RecipeException.class, () -> train.getDouble("lr")));
        assertEquals("r.yaml:3:5: train.lr: expected a number, found string 'fast'", wrong.toString());

        RecipeProblem missing = only(assertThrows(RecipeException.class, () -> train.getString("name")));
        assertEquals(new RecipeProblem(new SourceLocation("r.yaml", 2, 3), "train.name", "missing required key"),
                missing);

        RecipeProblem element = only(assertThrows(RecipeException.class, () -> train.getIntList("sizes")));
        assertEquals("train.sizes[1]", element.key());
        assertEquals(4, element.location().line());
        assertEquals("expected a 32-bit integer, found string 'two'", element.message());

        RecipeProblem tooBig = only(assertThrows(RecipeException.class, () -> train.getInt("big")));
        assertEquals("train.big", tooBig.key());
        assertEquals(5_000_000_000L, train.getLong("big"));

        assertThrows(RecipeException.class, () -> train.getBoolean("lr"));
        assertThrows(RecipeException.class, () -> train.getSection("lr"));
        assertThrows(RecipeException.class, () -> train.getStringList("lr"));
        assertThrows(RecipeException.class, () -> train.optInt("lr", 1));
    }

    @Test
    void withSetsNestedValuesAndCreatesSections() {
        SourceLocation cli = SourceLocation.commandLine("model.encoder.dim=64");
        Settings s = sample().with("model.encoder.dim", 64, cli).with("steps", 20, cli);
        assertEquals(64, s.getSection("model").getSection("encoder").getInt("dim"));
        assertEquals("model.encoder", s.getSection("model").getSection("encoder").path());
        assertEquals(cli, s.getSection("model").location("encoder"));
        assertEquals(20, s.getInt("steps"));
        assertEquals(List.of("steps", "ratio", "flag", "nothing", "optimizer", "sizes", "probes", "model"),
                List.copyOf(s.keys()));
        assertEquals(10, sample().getInt("steps"), "the original is unchanged");

        RecipeProblem notSection = only(assertThrows(RecipeException.class, () -> s.with("steps.x", 1, cli)));
        assertEquals("steps", notSection.key());
        assertThrows(IllegalArgumentException.class, () -> s.with("a..b", 1, cli));
    }

    @Test
    void equalityIgnoresLocationsAndPlainMapRoundTrips() {
        Settings a = sample();
        Settings b = Settings.of(a.toPlainMap());
        Settings located = Settings.builder("", FILE).put("steps", 10L, FILE).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(Settings.of(Map.of("steps", 10)), located);
        assertEquals(Map.of("k", 5L), a.toPlainMap().get("probes") instanceof List<?> l ? l.get(0) : null);
        assertThrows(IllegalArgumentException.class, () -> Settings.of(Map.of("x", new Object())));
    }

    private static RecipeProblem only(RecipeException e) {
        assertEquals(1, e.problems().size(), e.getMessage());
        return e.problems().get(0);
    }
}
