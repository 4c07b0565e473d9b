package dev.selfsup.reliability;

import dev.selfsup.SelfSup;
import dev.selfsup.plugin.ExtensionKind;
import dev.selfsup.plugin.PluginFailure;
import dev.selfsup.plugin.PluginRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broken and hostile plugin jars beside good ones: each broken jar is refused or disabled with a message naming it
 * and saying why, and the good ones (the shipped plugins among them) keep working. An allow-list refuses every
 * unlisted or altered jar.
 */
class PluginFaultsTest {

    @TempDir
    static Path work;

    private static Path plugins;

    /** The broken jars and a phrase each one's failure must contain. */
    private static final Map<String, String> BROKEN = Map.of(
            "ctor-throws.jar", "boom in the constructor",
            "start-throws.jar", "boom in start",
            "missing-dependency.jar", "needs plugin 'absent-plugin'",
            "missing-library.jar", "com/example/lib/Missing",
            "malformed-descriptor.jar", "cannot load",
            "future-api.jar", "built for selfsup API 9.0.0",
            "clash-with-framework.jar", "'mean'",
            "clash-c-second.jar", "'same_head'",
            "zz-same-id.jar", "plugin id 'z-base' is already taken");

    @BeforeAll
    static void buildJars() throws IOException {
        plugins = work.resolve("plugins");
        Installation.copyPluginsTo(plugins);
        // a plugin that depends on one whose jar sorts after it
        TestPluginJars.plugin(work, "needs-z").manifest("Plugin-Dependencies", "z-base")
                .head("needs.z", "NeedsHead", "needs_z_head", "").writeTo(plugins.resolve("a-needs-z.jar"));
        TestPluginJars.plugin(work, "z-base").head("z.base", "BaseHead", "zbase_head", "")
                .writeTo(plugins.resolve("z-base.jar"));
        TestPluginJars.plugin(work, "ctor-throws")
                .pluginClass("ctor.fails", "throw new IllegalStateException(\"boom in the constructor\");", "")
                .head("ctor.fails", "Head", "ctor_head", "").writeTo(plugins.resolve("ctor-throws.jar"));
        TestPluginJars.plugin(work, "start-throws")
                .pluginClass("start.fails", "", "throw new IllegalStateException(\"boom in start\");")
                .head("start.fails", "Head", "start_head", "").writeTo(plugins.resolve("start-throws.jar"));
        TestPluginJars.plugin(work, "missing-dependency").manifest("Plugin-Dependencies", "absent-plugin")
                .head("dep.missing", "Head", "dep_head", "").writeTo(plugins.resolve("missing-dependency.jar"));
        TestPluginJars.plugin(work, "missing-library").missingLibraryClass("com.example.lib", "Missing")
                .head("lib.missing", "GoodHead", "lib_good_head", "")
                .head("lib.missing", "Head", "lib_head", "new com.example.lib.Missing();")
                .writeTo(plugins.resolve("missing-library.jar"));
        TestPluginJars.plugin(work, "malformed-descriptor").manifest("Plugin-Version", "")
                .head("malformed", "Head", "malformed_head", "").writeTo(plugins.resolve("malformed-descriptor.jar"));
        TestPluginJars.plugin(work, "future-api").manifest(dev.selfsup.api.ApiVersion.MANIFEST_API_VERSION, "9.0.0")
                .head("future", "Head", "future_head", "").writeTo(plugins.resolve("future-api.jar"));
        TestPluginJars.plugin(work, "clash-with-framework").head("clash.fw", "Head", "mean", "")
                .writeTo(plugins.resolve("clash-with-framework.jar"));
        TestPluginJars.plugin(work, "clash-b").head("clash.b", "Head", "same_head", "")
                .writeTo(plugins.resolve("clash-b-first.jar"));
        TestPluginJars.plugin(work, "clash-c").head("clash.c", "Head", "same_head", "")
                .writeTo(plugins.resolve("clash-c-second.jar"));
        TestPluginJars.plugin(work, "z-base").head("z.copy", "Head", "copy_head", "")
                .writeTo(plugins.resolve("zz-same-id.jar"));
        Files.write(plugins.resolve("truncated.jar"), java.util.Arrays.copyOf(Files.readAllBytes(
                plugins.resolve("z-base.jar")), 300));
        Files.write(plugins.resolve("zero-length.jar"), new byte[0]);
    }

    @Test
    void eachBrokenJarIsNamedWithItsReasonAndTheOthersWork() {
        try (SelfSup selfsup = Installation.framework(plugins).build()) {
            PluginRuntime runtime = selfsup.plugins();
            Map<String, String> failures = byJar(runtime.failures());
            for (Map.Entry<String, String> broken : BROKEN.entrySet()) {
                Ledger.badInput("plugin jars");
                String reason = failures.get(broken.getKey());
                assertTrue(reason != null && reason.contains(broken.getValue()),
                        broken.getKey() + " should fail with \"" + broken.getValue() + "\": " + failures);
            }
            for (String corrupt : List.of("truncated.jar", "zero-length.jar")) {
                Ledger.badInput("plugin jars");
                assertTrue(failures.getOrDefault(corrupt, "").contains("not a readable jar file"), failures.toString());
            }
            assertEquals(BROKEN.size() + 2, failures.size(), failures.toString());
            List<String> loaded = runtime.plugins().stream().map(p -> p.id()).sorted().toList();
            assertEquals(List.of("audio", "clash-b", "needs-z", "text", "vision", "z-base"), loaded);
            for (String head : List.of("zbase_head", "needs_z_head", "same_head", "mean")) {
                assertTrue(runtime.registry().contains(ExtensionKind.HEAD, head), head);
            }
            assertEquals("clash-b", runtime.registry().all().stream().filter(e -> e.name().equals("same_head"))
                    .findFirst().orElseThrow().pluginId());
            for (String gone : List.of("ctor_head", "start_head", "dep_head", "lib_head", "lib_good_head", "future_head",
                    "malformed_head", "copy_head")) {
                assertFalse(runtime.registry().contains(ExtensionKind.HEAD, gone), gone + " comes from a failed jar");
            }
            assertTrue(runtime.registry().contains(ExtensionKind.PRETEXT, "mae"), "the shipped plugins still work");
        }
    }

    @Test
    void anAllowListRefusesUnlistedAndAlteredJarsBeforeTheirCodeRuns() throws IOException {
        Path allowed = work.resolve("allowed");
        Installation.copyPluginsTo(allowed);
        Files.copy(plugins.resolve("z-base.jar"), allowed.resolve("z-base.jar"));
        Files.copy(plugins.resolve("ctor-throws.jar"), allowed.resolve("ctor-throws.jar"));
        String list;
        try (SelfSup all = Installation.framework(allowed).build()) {
            list = all.plugins().allowList().lines().filter(l -> !l.startsWith("ctor-throws")).collect(Collectors.joining("\n"));
        }
        Path file = work.resolve("allow-list.txt");
        Files.writeString(file, list + "\n");
        Files.write(allowed.resolve("z-base.jar"), new byte[] {0}, StandardOpenOption.APPEND); // altered after listing
        Ledger.badInput("plugin jars");
        Ledger.badInput("plugin jars");
        try (SelfSup selfsup = Installation.framework(allowed)
                .optPluginAllowList(file).build()) {
            PluginRuntime runtime = selfsup.plugins();
            Map<String, String> failures = byJar(runtime.failures());
            assertTrue(failures.get("ctor-throws.jar").contains("plugin id 'ctor-throws' is not in the allow-list"),
                    failures.toString());
            assertFalse(failures.get("ctor-throws.jar").contains("boom"), "its code must not have run: " + failures);
            assertTrue(failures.get("z-base.jar").contains("is not the one the allow-list"), failures.toString());
            assertEquals(2, failures.size(), failures.toString());
            assertEquals(List.of("audio", "text", "vision"),
                    runtime.plugins().stream().map(p -> p.id()).sorted().toList());
        }
    }

    private static Map<String, String> byJar(List<PluginFailure> failures) {
        return failures.stream().collect(Collectors.toMap(f -> Path.of(f.jar()).getFileName().toString(),
                PluginFailure::reason, (a, b) -> a + " | " + b));
    }
}
