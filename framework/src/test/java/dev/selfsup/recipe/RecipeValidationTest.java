package dev.selfsup.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schema problems point at the file, line and full key of the offending value. */
class RecipeValidationTest {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addSection("train", SettingsSchema.builder()
                    .addInt("batch_size", 256, 1, 65536, "images per step")
                    .addInt("epochs", null, 1, 10_000, "epochs")
                    .addSection("optimizer", SettingsSchema.builder()
                            .addChoice("name", "sgd", List.of("sgd", "adam", "lars"), "optimizer")
                            .addDouble("lr", 0.1, 0.0, 10.0, "learning rate")
                            .build(), "optimizer")
                    .build(), "training")
            .addSection("evaluate", SettingsSchema.builder()
                    .addSectionList("probes", SettingsSchema.builder()
                            .addInt("k", 20, 1, 1000, "neighbours")
                            .addDoubleList("weights", List.of(), 0.0, 1.0, "weights")
                            .build(), "probes")
                    .build(), "evaluation")
            .build();

    private static final String RECIPE = String.join("\n",
            "train:",                    // 1
            "  batch_size: 0",           // 2
            "  optimzer:",               // 3
            "    lr: 0.1",               // 4
            "evaluate:",                 // 5
            "  probes:",                 // 6
            "    - k: 5",                // 7
            "    - k: abc",              // 8
            "      weights: [0.5, 2]",   // 9
            "");

    @Test
    void problemsNameFileLineAndKey() {
        Settings recipe = new RecipeLoader(Map.of()).loadString(RECIPE, "exp.yaml", Path.of(""), List.of());
        List<RecipeProblem> problems = new ArrayList<>();
        SCHEMA.validate(recipe, problems);
        assertEquals(List.of(
                "exp.yaml:3:3: train.optimzer: unknown key; accepted keys: batch_size, epochs, optimizer; "
                        + "did you mean 'optimizer'?",
                "exp.yaml:2:3: train.batch_size: must be between 1 and 65536, got 0",
                "exp.yaml:2:3: train.epochs: missing required key",
                "exp.yaml:8:7: evaluate.probes[1].k: expected an integer, found string 'abc'",
                "exp.yaml:9:7: evaluate.probes[1].weights[1]: must be between 0.0 and 1.0, got 2.0"),
                problems.stream().map(RecipeProblem::toString).toList());
    }

    @Test
    void defaultsAreLocatedAtTheirSection() {
        Settings recipe = new RecipeLoader(Map.of()).loadString("train:\n  epochs: 3\n", "exp.yaml", Path.of(""),
                List.of("train.optimizer.name=adam"));
        List<RecipeProblem> problems = new ArrayList<>();
        Settings valid = SCHEMA.validate(recipe, problems);
        assertEquals(List.of(), problems);
        Settings optimizer = valid.getSection("train").getSection("optimizer");
        assertEquals("adam", optimizer.getString("name"));
        assertEquals(0.1, optimizer.getDouble("lr"));
        assertEquals("--set train.optimizer.name=adam", optimizer.location("lr").toString());
        assertEquals("exp.yaml:2:3", valid.getSection("train").location("batch_size").toString());
    }
}
