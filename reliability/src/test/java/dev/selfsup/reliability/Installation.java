package dev.selfsup.reliability;

import dev.selfsup.SelfSup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The repository's shipped recipes and installed plugin jars, as a user's installation has them. */
final class Installation {

    private Installation() {
    }

    /** The repository root (the surefire property, else the parent folder). */
    static Path repository() {
        return Path.of(System.getProperty("selfsup.repo", "..")).toAbsolutePath().normalize();
    }

    /** Every shipped recipe. */
    static List<Path> recipes() throws IOException {
        try (Stream<Path> files = Files.list(repository().resolve("recipes"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /**
     * Copies the plugin jars the build installed into the repository's plugins folder to {@code target}.
     *
     * @return the copied jars
     */
    static List<Path> copyPluginsTo(Path target) throws IOException {
        Path installed = repository().resolve("plugins");
        List<Path> jars;
        try (Stream<Path> files = Files.list(installed)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
        assertEquals(3, jars.size(), "the vision, text and audio plugin jars should be in " + installed
                + " (the reactor builds them before this module: run mvn install from the repository root)");
        Files.createDirectories(target);
        for (Path jar : jars) {
            Files.copy(jar, target.resolve(jar.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return jars.stream().map(j -> target.resolve(j.getFileName())).toList();
    }

    /** A framework builder that loads the plugin jars of {@code plugins} and no class-path plugins. */
    static SelfSup.Builder framework(Path plugins) {
        return SelfSup.builder().optPluginsDirectory(plugins).optClasspathPlugins(false);
    }
}
