package dev.selfsup.vision;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Builds the Maven projects under {@code docs/examples} the way their users do: outside the reactor, against
 * the API and framework artifacts installed in the local Maven repository ({@code mvn install} puts them there
 * before this module's integration tests run).
 */
final class ExternalProjects {

    private ExternalProjects() {
    }

    /**
     * Skips the calling test, with the reason, unless the installed API and framework jars are the ones just
     * built.
     */
    static void assumeFrameworkInstalled() throws IOException {
        assumeInstalled("api", "selfsup-api");
        assumeInstalled("framework", "selfsup-framework");
    }

    private static void assumeInstalled(String module, String artifact) throws IOException {
        Path repo = Path.of(System.getProperty("selfsup.repo"));
        Path built;
        try (Stream<Path> jars = Files.list(repo.resolve(module).resolve("target"))) {
            built = jars.filter(p -> p.getFileName().toString().matches(artifact + "-[0-9.]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow();
        }
        String version = built.getFileName().toString().replace(artifact + "-", "").replace(".jar", "");
        Path installed = Path.of(System.getProperty("user.home"), ".m2", "repository", "dev", "selfsup",
                artifact, version, built.getFileName().toString());
        Assumptions.assumeTrue(Files.exists(installed) && sha256(installed).equals(sha256(built)),
                "skipped: the " + artifact + " artifact in ~/.m2 is not this build's; run `mvn install` (the "
                        + "README's test command) so external projects build against it");
    }

    /**
     * Copies an example project to a scratch folder and runs Maven there, offline.
     *
     * @param example the folder name under {@code docs/examples}
     * @param scratch where to copy it
     * @param goals the Maven arguments
     * @return the project copy
     */
    static Path build(String example, Path scratch, String... goals) throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("selfsup.repo"), "docs", "examples", example);
        Path copy = scratch.resolve(example);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
                Path relative = source.relativize(p);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = copy.resolve(relative.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-o", "-q"));
        command.addAll(List.of(goals));
        Process mvn = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true).start();
        String output = new String(mvn.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(mvn.waitFor(5, TimeUnit.MINUTES), "maven did not finish");
        assertEquals(0, mvn.exitValue(), "building " + example + " failed:\n" + output);
        return copy;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
