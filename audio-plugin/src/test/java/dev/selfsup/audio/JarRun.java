package dev.selfsup.audio;

import dev.selfsup.SelfSup;
import dev.selfsup.run.RunResult;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A recipe run in this JVM with the plugins of a folder only (PF4J loads the packaged jars; none from the class
 * path), one native thread, the engine offline, its output kept for failure messages.
 *
 * @param result the run's result
 * @param output what the run printed
 */
record JarRun(RunResult result, String output) {

    static JarRun of(Path plugins, Path recipe, List<String> overrides) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (SelfSup selfsup = SelfSup.builder().optPluginsDirectory(plugins).optClasspathPlugins(false)
                .optThreads(1).optOfflineEngine(true)
                .optOutput(new PrintStream(log, true, StandardCharsets.UTF_8), false).build()) {
            RunResult result = selfsup.run(recipe, overrides);
            return new JarRun(result, log.toString(StandardCharsets.UTF_8));
        }
    }
}
