package dev.selfsup.recipe;

import dev.selfsup.api.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes {@link Settings} as block-style YAML that {@link RecipeLoader} reads back equal: keys in
 * order, strings quoted only where they would otherwise read as another type, and <code>${</code> written
 * as <code>$${</code> so that it is not interpolated again.
 */
public final class RecipeWriter {

    private RecipeWriter() {
    }

    /**
     * Formats settings as YAML.
     *
     * @param settings the settings
     * @return the YAML text, ending with a newline
     */
    public static String toYaml(Settings settings) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setSplitLines(false);
        return new Yaml(new RecipeRepresenter(options), options).dump(settings.toPlainMap());
    }

    /**
     * Writes settings to a file atomically: to a temporary file in the same folder, then moved over
     * the target, so readers never see a partial recipe.
     *
     * @param settings the settings
     * @param file the target file, replaced if it exists; its folder must exist
     * @throws UncheckedIOException if writing or moving fails
     */
    public static void write(Settings settings, Path file) {
        Path target = file.toAbsolutePath();
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try {
                Files.writeString(temporary, toYaml(settings), StandardOpenOption.CREATE_NEW);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the recipe to " + file, e);
        }
    }

    /** Escapes <code>${</code> in strings before SnakeYAML's usual string representation. */
    private static final class RecipeRepresenter extends Representer {

        RecipeRepresenter(DumperOptions options) {
            super(options);
            Represent strings = representers.get(String.class);
            representers.put(String.class, data -> strings.representData(Interpolator.escape((String) data)));
        }
    }
}
