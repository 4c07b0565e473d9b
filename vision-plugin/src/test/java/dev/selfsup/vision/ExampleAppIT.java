package dev.selfsup.vision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example application in {@code docs/examples/embedding-app}, built outside the reactor and run. */
class ExampleAppIT {

    @TempDir
    Path work;

    @Test
    void theExampleApplicationTrainsEmbedsAndClassifies() throws Exception {
        ExternalProjects.assumeFrameworkInstalled();
        Path project = ExternalProjects.build("embedding-app", work, "package");
        Path plugins = SelfSupProcess.installPlugin(work);
        Path data = work.resolve("idx");
        SyntheticIdx.write(data, 300, 60, 6);
        List<Path> images = SyntheticIdx.writePngs(work.resolve("images"), 3);
        String classpath = project.resolve("target/classes") + File.pathSeparator
                + Files.readString(project.resolve("target/classpath.txt")).trim();
        Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-cp", classpath,
                "com.example.app.EmbeddingApp", plugins.toString(), data.toString(), work.resolve("images").toString(),
                work.toString()).directory(work.toFile()).redirectErrorStream(true).start();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(app.waitFor(5, TimeUnit.MINUTES));
        System.out.println(output);
        assertEquals(0, app.exitValue(), output);
        assertTrue(output.contains("metrics: step 20"), output);
        assertTrue(output.contains("embedded 3 images into 32-dimensional vectors"), output);
        assertEquals(images.size(), output.lines().filter(l -> l.startsWith("prediction: digit-")).count(), output);
    }
}
