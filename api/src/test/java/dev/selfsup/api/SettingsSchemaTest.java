package dev.selfsup.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsSchemaTest {

    private static final SettingsSchema OPTIMIZER = SettingsSchema.builder()
            .addChoice("name", "adam", List.of("sgd", "adam"), "optimizer")
            .addDouble("lr", 1e-3, 0.0, 1.0, "learning rate")
            .build();

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("batch_size", 256, 1, 65536, "images per step")
            .addInt("epochs", null, 1, Long.MAX_VALUE, "training epochs")
            .addBoolean("amp", false, "mixed precision")
            .addString("name", "run", "run name")
            .addDoubleList("milestones", List.of(0.5), 0.0, 1.0, "schedule milestones")
            .addIntList("widths", List.of(64L), 1, 4096, "layer widths")
            .addStringList("tags", List.of(), "free tags")
            .addSection("optimizer", OPTIMIZER, "the optimizer")
            .addSectionList("probes", SettingsSchema.builder().addInt("k", null, 1, 100, "neighbours").build(),
                    "probes")
            .addOpenSection("encoder", "encoder settings, checked by the plugin")
            .build();

    @Test
    void everyElementOfAChoiceListIsOneOfTheChoicesAndNoneIsGivenTwice() {
        SettingsSchema schema = SettingsSchema.builder()
                .addChoiceList("baselines", List.of("raw"), List.of("raw", "random_encoder"), "baselines").build();
        List<RecipeProblem> problems = new ArrayList<>();
        schema.validate(Settings.of(Map.of("baselines", List.of("raw", "random_encodr"))), problems);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("baselines[1]", problems.get(0).key());
        assertTrue(problems.get(0).message().startsWith(
                "must be one of [raw, random_encoder], got 'random_encodr'; did you mean 'random_encoder'"),
                problems.get(0).message());
        problems.clear();
        schema.validate(Settings.of(Map.of("baselines", List.of("raw", "raw"))), problems);
        assertEquals("baselines[1]: 'raw' is listed twice", problems.get(0).key() + ": " + problems.get(0).message());
        problems.clear();
        assertEquals(List.of(), schema.validate(Settings.of(Map.of("baselines", List.of())), problems)
                .getStringList("baselines"));
        assertEquals(List.of(), problems);
    }

    @Test
    void checksOneValueWithTheRuleOfAKeyNestedOrNot() {
        assertEquals("", SCHEMA.checkValue("batch_size", 1));
        assertEquals("must be between 1 and 65536, got -1", SCHEMA.checkValue("batch_size", -1));
        assertEquals("", SCHEMA.checkValue("optimizer.lr", 0.5));
        assertTrue(SCHEMA.checkValue("optimizer.name", "adm").startsWith("must be one of [sgd, adam]"));
        assertThrows(IllegalArgumentException.class, () -> SCHEMA.checkValue("optimizer.momentum", 1));
    }

    @Test
    void fillsDefaults() {
        List<RecipeProblem> problems = new ArrayList<>();
        Settings out = SCHEMA.validate(Settings.of(Map.of("epochs", 3, "encoder", Map.of("dim", 8))), problems);
        assertEquals(List.of(), problems);
        assertEquals(256, out.getInt("batch_size"));
        assertEquals(1e-3, out.getSection("optimizer").getDouble("lr"));
        assertEquals("optimizer", out.getSection("optimizer").path());
        assertEquals(List.of(0.5), out.getDoubleList("milestones"));
        assertEquals(List.of(), out.getSectionList("probes"));
        assertEquals(8, out.getSection("encoder").getInt("dim"));
        assertEquals(out, SCHEMA.validate(out, new ArrayList<>()), "validation is idempotent");
    }

    @Test
    void acceptsIntegersForDoublesAndIntegralDoublesForIntegers() {
        List<RecipeProblem> problems = new ArrayList<>();
        Settings out = SCHEMA.validate(Settings.of(Map.of("epochs", 1e2, "optimizer", Map.of("lr", 1))), problems);
        assertEquals(List.of(), problems);
        assertEquals(100L, out.raw("epochs"));
        assertEquals(1.0, out.getSection("optimizer").raw("lr"));
    }

    @Test
    void reportsEveryProblem() {
        List<RecipeProblem> problems = new ArrayList<>();
        SCHEMA.validate(Settings.of(Map.of(
                "batch_sise", 3,
                "amp", "yes please",
                "widths", List.of(64, 0, "x"),
                "optimizer", Map.of("name", "adamw", "lr", 2.0),
                "probes", List.of(Map.of("k", 5), Map.of("k", 0)))), problems);
        Map<String, String> byKey = new java.util.TreeMap<>();
        problems.forEach(p -> byKey.put(p.key(), p.message()));
        assertEquals(Map.of(
                "batch_sise", "unknown key; accepted keys: batch_size, epochs, amp, name, milestones, widths, "
                        + "tags, optimizer, probes, encoder; did you mean 'batch_size'?",
                "amp", "expected a boolean, found string 'yes please'",
                "epochs", "missing required key",
                "widths[1]", "must be between 1 and 4096, got 0",
                "widths[2]", "expected an integer, found string 'x'",
                "optimizer.name", "must be one of [sgd, adam], got 'adamw'; did you mean 'adam'?",
                "optimizer.lr", "must be between 0.0 and 1.0, got 2.0",
                "probes[1].k", "must be between 1 and 100, got 0"), byKey);
    }

    @Test
    void reportsWrongTypesForContainers() {
        List<RecipeProblem> problems = new ArrayList<>();
        SCHEMA.validate(Settings.of(Map.of("epochs", 1, "optimizer", "adam", "tags", "a", "probes", List.of(3),
                "epochs2", 1)), problems);
        assertEquals(List.of("epochs2", "tags", "optimizer", "probes[0]"), problems.stream().map(RecipeProblem::key)
                .toList());
        assertEquals("expected a mapping, found string 'adam'", problems.get(2).message());
        assertTrue(problems.get(0).message().endsWith("did you mean 'epochs'?"));
    }

    @Test
    void rangeMessagesForOneSidedBounds() {
        List<RecipeProblem> problems = new ArrayList<>();
        SCHEMA.validate(Settings.of(Map.of("epochs", 0)), problems);
        assertEquals("must be at least 1, got 0", problems.get(0).message());
    }

    @Test
    void mergeAndDescribe() {
        SettingsSchema extra = SettingsSchema.builder().addInt("seed", 0, 0, Long.MAX_VALUE, "random seed").build();
        SettingsSchema merged = SCHEMA.merge(extra);
        assertTrue(merged.keys().contains("seed"));
        assertThrows(IllegalArgumentException.class, () -> merged.merge(extra));
        List<String> help = SCHEMA.describe();
        assertTrue(help.contains("batch_size: integer, default 256, between 1 and 65536 - images per step"), help::toString);
        assertTrue(help.contains("epochs: integer, required, at least 1 - training epochs"), help::toString);
        assertTrue(help.contains("optimizer.name: one of [sgd, adam], default adam - optimizer"), help::toString);
        assertTrue(help.contains("probes[].k: integer, required, between 1 and 100 - neighbours"), help::toString);
    }

    @Test
    void builderRejectsBadDeclarations() {
        assertThrows(IllegalArgumentException.class,
                () -> SettingsSchema.builder().addInt("a", 0, 1, 10, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> SettingsSchema.builder().addBoolean("a", true, "x").addString("a", "b", "y"));
        assertThrows(IllegalArgumentException.class,
                () -> SettingsSchema.builder().addChoice("a", "c", List.of("a", "b"), "x"));
    }
}
