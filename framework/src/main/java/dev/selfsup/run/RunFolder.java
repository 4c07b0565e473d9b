package dev.selfsup.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The layout of one run: {@code <output>/<name>/<yyyyMMdd-HHmmss>/} with the resolved recipe, provenance,
 * metrics, checkpoints, the trained encoder and the evaluation.
 *
 * @param root the run folder
 */
public record RunFolder(Path root) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * Creates a new, uniquely named run folder.
     *
     * @param output the output folder
     * @param name the recipe name
     * @return the run folder
     */
    public static RunFolder create(Path output, String name) {
        String stamp = LocalDateTime.now().format(STAMP);
        try {
            Path parent = Files.createDirectories(output.resolve(name));
            Path candidate = parent.resolve(stamp);
            for (int i = 1; Files.exists(candidate); i++) {
                candidate = parent.resolve(stamp + "-" + i);
            }
            RunFolder folder = new RunFolder(Files.createDirectories(candidate));
            Files.createDirectories(folder.encoderDirectory());
            Files.createDirectories(folder.evalDirectory());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run folder under " + output, e);
        }
    }

    /**
     * Opens an existing run folder, to resume it.
     *
     * @param root the folder
     * @return the run folder
     * @throws IllegalArgumentException if it is not a run folder (no {@code recipe.resolved.yaml})
     */
    public static RunFolder open(Path root) {
        RunFolder folder = new RunFolder(root);
        if (!Files.isRegularFile(folder.resolvedRecipe())) {
            throw new IllegalArgumentException(root + " is not a run folder: it has no recipe.resolved.yaml");
        }
        return folder;
    }

    /** @return {@code plots/loss.png} */
    public Path lossPlot() {
        return root.resolve("plots").resolve("loss.png");
    }

    /** @return {@code recipe.resolved.yaml} */
    public Path resolvedRecipe() {
        return root.resolve("recipe.resolved.yaml");
    }

    /** @return {@code provenance.json} */
    public Path provenance() {
        return root.resolve("provenance.json");
    }

    /** @return {@code metrics.jsonl} */
    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    /** @return the {@code checkpoints} folder */
    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** @return the {@code encoder} folder: trained parameters and their settings */
    public Path encoderDirectory() {
        return root.resolve("encoder");
    }

    /** @return the {@code eval} folder: reports and Tribuo models */
    public Path evalDirectory() {
        return root.resolve("eval");
    }

    /** @return {@code eval/report.md} */
    public Path reportMarkdown() {
        return evalDirectory().resolve("report.md");
    }

    /** @return {@code eval/report.json} */
    public Path reportJson() {
        return evalDirectory().resolve("report.json");
    }
}
