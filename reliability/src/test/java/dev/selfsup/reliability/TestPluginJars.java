package dev.selfsup.reliability;

import ai.djl.engine.Engine;
import dev.selfsup.api.ApiVersion;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Builds real plugin jars in a test: Java sources compiled against the API with the JDK's compiler, an extension
 * index, and a manifest, so that each failure mode is the one a third party's jar would really have.
 */
final class TestPluginJars {

    private final Path work;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final List<String> extensions = new ArrayList<>();
    private final List<String> leftOut = new ArrayList<>();

    private TestPluginJars(Path work, String id) {
        this.work = work;
        manifest.put("Plugin-Id", id);
        manifest.put("Plugin-Version", "1.0.0");
        manifest.put("Plugin-Provider", "reliability suite");
        manifest.put(ApiVersion.MANIFEST_API_VERSION, ApiVersion.current());
        manifest.put(ApiVersion.MANIFEST_DJL_VERSION, Engine.getDjlVersion());
    }

    /** Starts a jar of plugin {@code id}; {@code work} holds the build folders. */
    static TestPluginJars plugin(Path work, String id) {
        return new TestPluginJars(work, id);
    }

    /** Sets or removes (null) a manifest attribute. */
    TestPluginJars manifest(String key, String value) {
        if (value == null) {
            manifest.remove(key);
        } else {
            manifest.put(key, value);
        }
        return this;
    }

    /** Adds a plugin class {@code pkg.Entry} whose constructor and start run the given statements. */
    TestPluginJars pluginClass(String pkg, String constructorBody, String startBody) {
        sources.put(pkg + ".Entry", "package " + pkg + ";\npublic class Entry extends org.pf4j.Plugin {\n"
                + "  public Entry() { " + constructorBody + " }\n"
                + "  @Override public void start() { " + startBody + " }\n}\n");
        manifest.put("Plugin-Class", pkg + ".Entry");
        return this;
    }

    /** Adds a downstream head extension {@code pkg.className} named {@code name}, whose constructor runs {@code init}. */
    TestPluginJars head(String pkg, String className, String name, String init) {
        sources.put(pkg + "." + className, "package " + pkg + ";\n"
                + "import dev.selfsup.api.*;\n"
                + "public class " + className + " implements DownstreamHeadProvider {\n"
                + "  public " + className + "() { " + init + " }\n"
                + "  public String name() { return \"" + name + "\"; }\n"
                + "  public String description() { return \"test head\"; }\n"
                + "  public SettingsSchema schema() { return SettingsSchema.builder().build(); }\n"
                + "  public DownstreamHead create(Settings settings) { throw new UnsupportedOperationException(); }\n"
                + "}\n");
        extensions.add(pkg + "." + className);
        return this;
    }

    /** Adds a class that the other sources compile against but that the jar leaves out (a missing library). */
    TestPluginJars missingLibraryClass(String pkg, String className) {
        sources.put(pkg + "." + className, "package " + pkg + ";\npublic class " + className + " {}\n");
        leftOut.add(pkg.replace('.', '/') + "/" + className + ".class");
        return this;
    }

    /** Compiles and writes the jar. */
    Path writeTo(Path jar) throws IOException {
        Path build = Files.createTempDirectory(work, "build-");
        Path src = build.resolve("src");
        Path classes = build.resolve("classes");
        Files.createDirectories(classes);
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file.toString());
        }
        if (!files.isEmpty()) {
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp",
                    System.getProperty("java.class.path"), "--release", "17", "-proc:none"));
            args.addAll(files);
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            assertEquals(0, compiler.run(null, errors, errors, args.toArray(String[]::new)), errors.toString());
        }
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach(main::putValue);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, mf)) {
            List<Path> compiled;
            try (Stream<Path> walk = Files.walk(classes)) {
                compiled = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : compiled) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                if (!leftOut.contains(name)) {
                    zip.putNextEntry(new JarEntry(name));
                    zip.write(Files.readAllBytes(file));
                    zip.closeEntry();
                }
            }
            if (!extensions.isEmpty()) {
                zip.putNextEntry(new JarEntry("META-INF/extensions.idx"));
                zip.write((String.join("\n", extensions) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
