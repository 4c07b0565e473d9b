package dev.selfsup.vision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code selfsup} CLI in a separate JVM whose class path holds only the framework (from
 * {@code framework/target}), with plugins from a folder only, as a user runs it. One native thread.
 */
final class SelfSupProcess {

    /** What a finished CLI call printed and returned. */
    record Result(int exitCode, String output) {
    }

    private SelfSupProcess() {
    }

    /**
     * Puts the packaged vision plugin jar into {@code work/plugins}.
     *
     * @param work the test's folder
     * @return the plugins folder
     * @throws IOException if the copy fails
     */
    static Path installPlugin(Path work) throws IOException {
        Path jar = Path.of(System.getProperty("selfsup.plugin.jar"));
        assertTrue(Files.isRegularFile(jar), "packaged plugin jar missing: " + jar);
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        return plugins;
    }

    /**
     * Prepares a CLI call.
     *
     * @param workDir the working folder
     * @param plugins the plugins folder
     * @param args the CLI arguments
     * @return the process builder (not started)
     * @throws IOException if the framework build output cannot be read
     */
    static ProcessBuilder builder(Path workDir, Path plugins, String... args) throws IOException {
        return builder(workDir, plugins, List.of("-Xmx2g"), args);
    }

    /**
     * Prepares a CLI call with JVM options of its own (in place of the default {@code -Xmx2g}).
     *
     * @param workDir the working folder
     * @param plugins the plugins folder
     * @param jvmOptions options of the child JVM
     * @param args the CLI arguments
     * @return the process builder (not started)
     * @throws IOException if the framework build output cannot be read
     */
    static ProcessBuilder builder(Path workDir, Path plugins, List<String> jvmOptions, String... args)
            throws IOException {
        Path framework = Path.of(System.getProperty("selfsup.repo")).resolve("framework/target");
        String classpath;
        try (Stream<Path> jars = Files.list(framework)) {
            Path jar = jars.filter(p -> p.getFileName().toString().matches("selfsup-framework-.*\\.jar"))
                    .findFirst().orElseThrow();
            classpath = jar + java.io.File.pathSeparator
                    + Files.readString(framework.resolve("runtime-classpath.txt")).trim();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-cp", classpath, "dev.selfsup.cli.SelfSupCommand"));
        command.addAll(List.of(args));
        command.addAll(List.of("--plugins", plugins.toString(), "--no-classpath-plugins"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("DJL_OFFLINE", "true");
        builder.environment().put("OPT_OUT_TRACKING", "true");
        return builder;
    }

    /**
     * Runs a CLI call to its end (at most five minutes) and echoes its output.
     *
     * @param workDir the working folder
     * @param plugins the plugins folder
     * @param args the CLI arguments
     * @return exit code and output
     * @throws IOException if it cannot start
     * @throws InterruptedException if interrupted while waiting
     */
    static Result run(Path workDir, Path plugins, String... args) throws IOException, InterruptedException {
        return run(builder(workDir, plugins, args));
    }

    /**
     * Runs a prepared CLI call to its end (at most five minutes) and echoes its output.
     *
     * @param builder the call
     * @return exit code and output
     * @throws IOException if it cannot start
     * @throws InterruptedException if interrupted while waiting
     */
    static Result run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "CLI did not finish");
        System.out.println(output);
        return new Result(process.exitValue(), output);
    }
}
