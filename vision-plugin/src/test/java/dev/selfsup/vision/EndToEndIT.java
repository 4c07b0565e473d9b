package dev.selfsup.vision;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.api.ApiVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end: the {@code selfsup} CLI in a separate JVM whose class path holds only the framework, with the
 * packaged vision plugin jar in a plugins folder, exactly as a user runs it.
 */
class EndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    private static Path pluginJar;
    private static Path plugins;
    private static Path data;

    @BeforeAll
    static void setUp() throws IOException {
        pluginJar = Path.of(System.getProperty("selfsup.plugin.jar"));
        plugins = SelfSupProcess.installPlugin(work);
        data = work.resolve("idx");
        SyntheticIdx.write(data, 1000, 300, 11);
    }

    private static SelfSupProcess.Result cli(Path pluginsFolder, String... args) throws Exception {
        return SelfSupProcess.run(work, pluginsFolder, args);
    }

    private static Path recipe(String name, String extra) throws IOException {
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                name: %s
                seed: 7
                device: cpu
                output: %s
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 32, depth: 1, heads: 2}
                pretext: {task: mae, mask_ratio: 0.75, decoder: {dim: 32, depth: 1, heads: 2}}
                train:
                  max_steps: 50
                  batch_size: 64
                  log_every: 5
                  optimizer: {lr: 3.0e-3}
                  schedule: {warmup_steps: 5}
                  checkpoint: {every_steps: 20, keep: 2}
                evaluate:
                  label_fractions: [0.1, 1.0]
                %s
                """.formatted(name, work.resolve("runs"), data, extra));
        return file;
    }

    @Test
    void runsATinyRecipeThroughThePackagedPluginJar() throws Exception {
        SelfSupProcess.Result result = cli(plugins, "run", recipe("tiny", "").toString());
        assertEquals(0, result.exitCode(), result.output());
        String reportLine = result.output().lines().filter(l -> l.startsWith("report: ")).findFirst().orElseThrow();
        Path report = Path.of(reportLine.substring("report: ".length()));
        Path run = report.getParent().getParent();
        for (String file : List.of("recipe.resolved.yaml", "provenance.json", "metrics.jsonl",
                "encoder/encoder.params", "encoder/encoder.yaml", "eval/report.json", "eval/report.md", "plots/loss.png",
                "checkpoints/step-000040/model.params", "checkpoints/step-000050/optimizer.bin")) {
            assertTrue(Files.exists(run.resolve(file)), "missing " + file);
        }
        assertTrue(!Files.exists(run.resolve("checkpoints/step-000020")), "only the newest 2 checkpoints are kept");

        JsonNode provenance = JSON.readTree(run.resolve("provenance.json").toFile());
        assertTrue(provenance.get("selfsup").asText().startsWith("0.2.0"), "framework version recorded: " + provenance);
        assertEquals("vision", provenance.get("plugins").get(0).get("id").asText());
        assertTrue(provenance.get("plugins").get(0).get("jar").asText().endsWith(pluginJar.getFileName().toString()));
        assertEquals(ApiVersion.current(), provenance.get("api").asText());
        JsonNode extensions = provenance.get("extensions");
        java.util.Map<String, String> byRole = new java.util.HashMap<>();
        extensions.forEach(e -> byRole.put(e.get("role").asText(), e.get("name").asText() + "@"
                + e.get("plugin").asText() + ":" + e.get("version").asText()));
        assertEquals("mnist@vision:0.2.0-SNAPSHOT", byRole.get("data"), extensions.toString());
        assertEquals("vit@vision:0.2.0-SNAPSHOT", byRole.get("encoders.encoder"), extensions.toString());
        assertEquals("mae@vision:0.2.0-SNAPSHOT", byRole.get("pretext"), extensions.toString());
        assertTrue(byRole.get("evaluate.head").startsWith("mean@classpath:0.2.0"), "the framework's own head, "
                + "from the class path, with its version: " + extensions);

        List<Double> losses = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode record = JSON.readTree(line);
            for (String field : List.of("step", "epoch", "total_steps", "loss", "lr", "grad_norm", "samples_per_s", "data_wait_pct",
                    "rss_mb", "native_mb", "heap_used_mb")) {
                assertTrue(record.has(field), "metrics record without " + field + ": " + line);
            }
            losses.add(record.get("loss").asDouble());
        }
        assertEquals(10, losses.size());
        assertTrue(losses.get(losses.size() - 1) < 0.8 * losses.get(0), "loss should fall: " + losses);

        JsonNode outcomes = JSON.readTree(report.getParent().resolve("report.json").toFile()).get("outcomes");
        int rows = 0;
        for (JsonNode r : outcomes) {
            rows++;
            if (r.get("representation").asText().equals("pretrained") && r.get("protocol").asText().equals("logistic")
                    && r.get("labelFraction").asDouble() == 1.0) {
                assertTrue(r.get("metrics").get("accuracy").asDouble() > 0.2,
                        "pretrained probe at least twice chance (0.1) after 10 steps on 1,000 images: " + r);
                assertEquals(300, r.get("testExamples").asInt());
                String saved = r.get("savedAs").asText();
                assertTrue(Files.exists(report.getParent().resolve(saved + ".softmax.json")), "the probe saved");
                assertTrue(Files.exists(report.getParent().resolve(saved + ".protocol.json")), "and described");
            }
        }
        assertEquals(3 * 2 * (3 + 1), rows, "pretrained, random_encoder and raw x logistic and knn x (3 subsets at "
                + "10% + 1 at 100%)");
    }

    @Test
    void listsThePluginWithItsExtensions() throws Exception {
        SelfSupProcess.Result result = cli(plugins, "plugins");
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("plugin vision"), result.output());
        for (String name : List.of("mnist", "fashion_mnist", "vit", "mae")) {
            assertTrue(result.output().lines().anyMatch(l -> l.trim().startsWith(name + " ") && l.contains("[vision]")),
                    name + " not listed");
        }
    }

    @Test
    void invalidRecipeNamesFileLineAndKeyAndRunsNothing() throws Exception {
        Path bad = recipe("bad", "");
        Files.writeString(bad, Files.readString(bad).replace("patch: 7", "patch: 5").replace("seed: 7", "seed: seven"));
        SelfSupProcess.Result result = cli(plugins, "run", bad.toString());
        assertEquals(2, result.exitCode(), result.output());
        assertTrue(result.output().contains("bad.yaml:2:") && result.output().contains(": seed: "), result.output());
        assertTrue(result.output().contains("encoder.patch"), result.output());
        assertTrue(!Files.exists(work.resolve("runs/bad")), "nothing ran");
    }

    @Test
    void aBrokenJarIsReportedAndAJarReusingAnExtensionNameIsDisabledNamingBothJars() throws Exception {
        Path folder = Files.createDirectories(work.resolve("plugins-broken"));
        Files.copy(pluginJar, folder.resolve(pluginJar.getFileName()));
        Files.write(folder.resolve("garbage-plugin.jar"), new byte[] {0x50, 0x4b, 1, 2});
        SelfSupProcess.Result broken = cli(folder, "plugins");
        assertEquals(1, broken.exitCode(), broken.output());
        assertTrue(broken.output().contains("garbage-plugin.jar"), broken.output());
        assertTrue(broken.output().contains("plugin vision"), "the good plugin still loads");

        Path twin = Files.createDirectories(work.resolve("plugins-twin"));
        Files.copy(pluginJar, twin.resolve("vision.jar"));
        copyWithPluginId(pluginJar, twin.resolve("vision-copy.jar"), "vision-copy");
        SelfSupProcess.Result duplicate = cli(twin, "plugins");
        assertEquals(1, duplicate.exitCode(), duplicate.output());
        // "vision-copy.jar" sorts before "vision.jar" ('-' < '.'), so it loads first and keeps the names
        assertTrue(duplicate.output().contains("vision.jar: disabled: its") && duplicate.output().contains(
                "has the name of the one from " + twin.resolve("vision-copy.jar")), duplicate.output());
        assertTrue(duplicate.output().contains("plugin vision-copy "), "the first jar keeps its names and works");
    }

    @Test
    void aPluginBuiltForAnotherApiOrDjlVersionIsRefusedNamingBothVersions() throws Exception {
        Path folder = Files.createDirectories(work.resolve("plugins-versions"));
        // a jar built against API 0.1 recorded only PF4J's Plugin-Requires
        copyWithManifest(pluginJar, folder.resolve("a-api01.jar"), Map.of("Plugin-Id", "vision-01",
                "Plugin-Requires", ">=0.1.0 & <0.2.0", "Selfsup-Api-Version", ""));
        copyWithManifest(pluginJar, folder.resolve("b-api03.jar"), Map.of("Plugin-Id", "vision-03",
                "Selfsup-Api-Version", "0.3.0"));
        copyWithManifest(pluginJar, folder.resolve("c-djl035.jar"), Map.of("Plugin-Id", "vision-djl",
                "Selfsup-Djl-Version", "0.35.0"));
        // another DJL patch version loads, with a warning
        copyWithManifest(pluginJar, folder.resolve("d-djlpatch.jar"), Map.of("Selfsup-Djl-Version", "0.36.9"));
        SelfSupProcess.Result result = cli(folder, "plugins");
        assertEquals(1, result.exitCode(), result.output());
        String api = ApiVersion.current();
        assertTrue(result.output().contains("a-api01.jar: refused: the jar records no selfsup API version")
                && result.output().contains("its Plugin-Requires says >=0.1.0 & <0.2.0")
                && result.output().contains("this framework provides API " + api), result.output());
        assertTrue(result.output().contains("b-api03.jar: refused: built for selfsup API 0.3.0, this framework "
                + "provides API " + api), result.output());
        assertTrue(result.output().contains("c-djl035.jar: refused: built with DJL 0.35.0, this framework runs DJL "
                + Engine.getDjlVersion()), result.output());
        assertTrue(result.output().contains("plugin vision "), "the DJL patch-version jar loads: " + result.output());
        assertTrue(result.output().contains("d-djlpatch.jar was built with DJL 0.36.9"), result.output());
    }

    private static void copyWithPluginId(Path source, Path target, String id) throws IOException {
        copyWithManifest(source, target, Map.of("Plugin-Id", id));
    }

    /** Copies a jar with manifest attributes set (an empty value removes the attribute). */
    private static void copyWithManifest(Path source, Path target, Map<String, String> attributes)
            throws IOException {
        try (JarFile in = new JarFile(source.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            attributes.forEach((name, value) -> {
                if (value.isEmpty()) {
                    manifest.getMainAttributes().remove(new java.util.jar.Attributes.Name(name));
                } else {
                    manifest.getMainAttributes().putValue(name, value);
                }
            });
            try (OutputStream os = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(os, manifest)) {
                var entries = in.entries();
                while (entries.hasMoreElements()) {
                    var entry = entries.nextElement();
                    if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    out.putNextEntry(new java.util.jar.JarEntry(entry.getName()));
                    in.getInputStream(entry).transferTo(out);
                    out.closeEntry();
                }
            }
        }
    }
}
