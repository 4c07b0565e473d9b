package dev.selfsup.plugin;

import ai.djl.engine.Engine;
import dev.selfsup.api.ApiVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plugin loading failures are reported per jar and do not stop the other plugins. */
class PluginRuntimeTest {

    @TempDir
    Path plugins;

    @Test
    void brokenJarsAreReportedByPathWhileGoodOnesLoad() throws IOException {
        Files.write(plugins.resolve("corrupt.jar"), new byte[] {1, 2, 3, 4});
        jar(plugins.resolve("no-descriptor.jar"), null, null);
        jar(plugins.resolve("missing-class.jar"), "broken", "com.example.DoesNotExist");
        jar(plugins.resolve("good.jar"), "good", null);

        try (PluginRuntime runtime = PluginRuntime.builder().optPluginsDirectory(plugins).build()) {
            assertEquals(1, runtime.plugins().size(), runtime.plugins().toString());
            assertEquals("good", runtime.plugins().get(0).id());
            assertEquals(3, runtime.failures().size(), runtime.failures().toString());
            for (String jar : new String[] {"corrupt.jar", "no-descriptor.jar", "missing-class.jar"}) {
                assertTrue(runtime.failures().stream().anyMatch(f -> f.jar().endsWith(jar) && !f.reason().isBlank()),
                        jar + " not reported: " + runtime.failures());
            }
            assertTrue(runtime.failures().toString().contains("corrupt.jar: not a readable jar file"),
                    runtime.failures().toString());
            assertTrue(runtime.failures().toString().contains("no-descriptor.jar: not a plugin jar (its manifest has "
                    + "no Plugin-Id)"), runtime.failures().toString());
            assertTrue(runtime.failures().toString().contains("missing-class.jar: cannot start (state FAILED): its "
                    + "Plugin-Class com.example.DoesNotExist is not in the jar"), runtime.failures().toString());
            // class-path extensions (the framework's own) still work
            assertTrue(runtime.registry().contains(ExtensionKind.HEAD, "mean"));
        }
    }

    @Test
    void aMissingPluginsFolderLeavesClasspathExtensions() {
        try (PluginRuntime runtime = PluginRuntime.builder().optPluginsDirectory(plugins.resolve("absent")).build()) {
            assertTrue(runtime.plugins().isEmpty());
            assertTrue(runtime.failures().isEmpty());
            assertTrue(runtime.registry().contains(ExtensionKind.HEAD, "mean"));
        }
    }

    private static void jar(Path file, String id, String pluginClass) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (id != null) {
            main.putValue("Plugin-Id", id);
            main.putValue("Plugin-Version", "1.0.0");
            main.putValue("Plugin-Provider", "test");
            main.putValue(ApiVersion.MANIFEST_API_VERSION, ApiVersion.current());
            main.putValue(ApiVersion.MANIFEST_DJL_VERSION, Engine.getDjlVersion());
        }
        if (pluginClass != null) {
            main.putValue("Plugin-Class", pluginClass);
        }
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }
}
