package dev.selfsup.plugin;

import ai.djl.engine.Engine;
import com.google.inject.Guice;
import com.google.inject.Module;
import dev.selfsup.api.ApiVersion;
import dev.selfsup.api.NamedExtension;
import dev.selfsup.data.ErrorText;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.Plugin;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads plugins and builds the extension registry. Plugin jars come from a plugins folder; plugins on the
 * class path (development, embedding) are found through their {@code META-INF/extensions.idx}. A jar that
 * fails to load, start, or create an extension is recorded as a {@link PluginFailure} naming the jar;
 * the other plugins keep working.
 */
public final class PluginRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

    private final DefaultPluginManager manager;
    private final List<PluginFailure> failures = new ArrayList<>();
    private final List<PluginInfo> plugins = new ArrayList<>();
    private final ExtensionRegistry registry;

    private PluginRuntime(Builder builder) {
        GuiceExtensionFactory factory = new GuiceExtensionFactory();
        Path root = builder.pluginsDirectory == null ? Path.of("plugins") : builder.pluginsDirectory;
        manager = new DefaultPluginManager(root) {
            @Override
            protected ExtensionFactory createExtensionFactory() {
                return factory;
            }
        };
        manager.setSystemVersion(ApiVersion.current());
        factory.bind(Guice.createInjector(builder.modules));
        try {
            if (builder.pluginsDirectory != null) {
                loadJars(builder.pluginsDirectory);
            }
            List<RegisteredExtension> extensions = new ArrayList<>();
            collect(null, "", extensions, builder.classpathPlugins);
            for (PluginWrapper plugin : manager.getStartedPlugins()) {
                collect(plugin, plugin.getDescriptor().getVersion(), extensions, true);
            }
            registry = new ExtensionRegistry(extensions);
        } catch (RuntimeException e) {
            close(); // a duplicate name fails the runtime: release the plugins already started
            throw e;
        }
    }

    /**
     * Returns a new builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private void loadJars(Path directory) {
        if (!Files.isDirectory(directory)) {
            LOG.warn("plugins folder {} does not exist; only class-path plugins are available", directory);
            return;
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugins folder " + directory, e);
        }
        for (Path jar : jars) {
            String unreadable = unreadableJar(jar);
            if (unreadable != null) {
                fail(jar.toString(), unreadable); // checked here: PF4J would log a stack trace first
                continue;
            }
            String incompatible = incompatibleBuild(jar);
            if (incompatible != null) {
                fail(jar.toString(), incompatible);
                continue;
            }
            String id;
            try {
                id = manager.loadPlugin(jar.toAbsolutePath());
            } catch (RuntimeException | LinkageError e) {
                fail(jar.toString(), "cannot load: " + reason(e));
                continue;
            }
            if (id == null) {
                fail(jar.toString(), "not a plugin jar (no Plugin-Id in its manifest)");
                continue;
            }
            PluginWrapper plugin = manager.getPlugin(id);
            if (!compatible(plugin.getDescriptor().getRequires())) {
                manager.unloadPlugin(id);
                fail(jar.toString(), "refused: built for selfsup API " + plugin.getDescriptor().getRequires()
                        + " (Plugin-Requires), this "
                        + "framework provides API " + manager.getSystemVersion()
                        + "; rebuild the plugin against this framework or use a matching framework version");
                continue;
            }
            try {
                PluginState state = manager.startPlugin(id);
                if (state != PluginState.STARTED) {
                    Throwable cause = plugin.getFailedException();
                    String missing = missingPluginClass(plugin);
                    fail(jar.toString(), "cannot start (state " + state + ")" + (missing != null ? ": " + missing
                            : cause == null ? "" : ": " + reason(cause)));
                    continue;
                }
            } catch (RuntimeException | LinkageError e) {
                fail(jar.toString(), "cannot start: " + reason(e));
                continue;
            }
            plugins.add(new PluginInfo(id, plugin.getDescriptor().getVersion(),
                    plugin.getDescriptor().getProvider(), plugin.getDescriptor().getPluginDescription(),
                    jar.toString()));
        }
    }

    /** Names a declared Plugin-Class the jar does not hold, or returns null. */
    private static String missingPluginClass(PluginWrapper plugin) {
        String name = plugin.getDescriptor().getPluginClass();
        if (name == null || name.isBlank() || Plugin.class.getName().equals(name)) {
            return null;
        }
        try {
            Class.forName(name, false, plugin.getPluginClassLoader());
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            return "its Plugin-Class " + name + " is not in the jar";
        }
    }

    /** Why a jar cannot be opened as a zip with a manifest, or null if it can. */
    private static String unreadableJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            return "not a regular file";
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getManifest() == null) {
                return "not a plugin jar (it has no META-INF/MANIFEST.MF)";
            }
            String id = file.getManifest().getMainAttributes().getValue("Plugin-Id");
            return id == null || id.isBlank() ? "not a plugin jar (its manifest has no Plugin-Id)" : null;
        } catch (IOException | SecurityException e) {
            return "not a readable jar file (" + ErrorText.describe(e) + ")";
        }
    }

    /**
     * Checks the API and DJL versions a jar records having been built with against this runtime: another API
     * minor (or none recorded) or another DJL minor is refused, another DJL patch version is warned about.
     *
     * @return why the jar is refused, or null
     */
    private static String incompatibleBuild(Path jar) {
        Attributes manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest().getMainAttributes();
        } catch (IOException e) {
            return "not a readable jar file (" + ErrorText.describe(e) + ")";
        }
        String api = manifest.getValue(ApiVersion.MANIFEST_API_VERSION);
        String runningApi = ApiVersion.current();
        if (api == null || api.isBlank()) {
            String requires = manifest.getValue("Plugin-Requires");
            return "refused: the jar records no selfsup API version (" + ApiVersion.MANIFEST_API_VERSION
                    + " in its manifest" + (requires == null ? "" : "; its Plugin-Requires says " + requires.trim())
                    + "), so it was built for API 0.1 or by hand; this framework provides API " + runningApi
                    + ": rebuild the plugin against selfsup-api " + runningApi;
        }
        try {
            if (!ApiVersion.compatible(api, runningApi)) {
                return "refused: built for selfsup API " + api.trim() + ", this framework provides API " + runningApi
                        + "; rebuild the plugin against selfsup-api " + runningApi
                        + " or use a framework of API " + api.trim();
            }
        } catch (IllegalArgumentException e) {
            return "refused: its " + ApiVersion.MANIFEST_API_VERSION + " is " + e.getMessage();
        }
        String djl = manifest.getValue(ApiVersion.MANIFEST_DJL_VERSION);
        String runningDjl = Engine.getDjlVersion();
        if (djl == null || djl.isBlank()) {
            return "refused: the jar records no DJL version (" + ApiVersion.MANIFEST_DJL_VERSION
                    + " in its manifest); this framework runs DJL " + runningDjl;
        }
        if (!djl.trim().equals(runningDjl)) {
            int[] built;
            try {
                built = ApiVersion.majorMinor(djl);
            } catch (IllegalArgumentException e) {
                return "refused: its " + ApiVersion.MANIFEST_DJL_VERSION + " is " + e.getMessage();
            }
            int[] running = ApiVersion.majorMinor(runningDjl);
            if (built[0] != running[0] || built[1] != running[1]) {
                return "refused: built with DJL " + djl.trim() + ", this framework runs DJL " + runningDjl
                        + " (DJL's block and engine classes change between minor versions); rebuild the plugin"
                        + " against DJL " + runningDjl;
            }
            LOG.warn("plugin {} was built with DJL {}, this framework runs DJL {} (another patch version)",
                    jar, djl.trim(), runningDjl);
        }
        return null;
    }

    /** Checks a plugin's {@code Plugin-Requires}, if it declares one, as PF4J does ("x.y.z" means "this or newer"). */
    private boolean compatible(String requires) {
        String constraint = requires == null || requires.isBlank() ? "*" : requires.trim();
        if (constraint.matches("^\\d+\\.\\d+\\.\\d+$")) {
            constraint = ">=" + constraint;
        }
        return manager.getVersionManager().checkVersionConstraint(manager.getSystemVersion(), constraint);
    }

    /**
     * Registers the extensions of one plugin, or with {@code plugin == null} those on the class path: the
     * framework's own always, others only if {@code includeForeign}.
     */
    private void collect(PluginWrapper plugin, String version, List<RegisteredExtension> out, boolean includeForeign) {
        String pluginId = plugin == null ? RegisteredExtension.CLASS_PATH : plugin.getPluginId();
        for (ExtensionKind kind : ExtensionKind.values()) {
            List<? extends Class<? extends NamedExtension>> classes;
            try {
                classes = manager.getExtensionClasses(kind.type(), plugin == null ? null : plugin.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                fail(origin(plugin, null), "cannot list " + kind.label() + " extensions: " + reason(e));
                continue;
            }
            for (Class<? extends NamedExtension> type : classes) {
                if (plugin != null && type.getClassLoader() != plugin.getPluginClassLoader()) {
                    continue; // a plugin without its own index sees the host's; those are the host's extensions
                }
                if (plugin == null && !includeForeign && !isFramework(type)) {
                    continue;
                }
                try {
                    NamedExtension extension = manager.getExtensionFactory().create(type);
                    String extensionVersion = plugin != null ? version
                            : java.util.Objects.requireNonNullElse(type.getPackage().getImplementationVersion(), "");
                    out.add(new RegisteredExtension(kind, extension, pluginId, extensionVersion, origin(plugin, type)));
                } catch (RuntimeException | LinkageError e) {
                    fail(origin(plugin, type), "cannot create " + kind.label() + " " + type.getName() + ": " + reason(e));
                }
            }
        }
    }

    private static boolean isFramework(Class<?> type) {
        CodeSource own = PluginRuntime.class.getProtectionDomain().getCodeSource();
        CodeSource theirs = type.getProtectionDomain().getCodeSource();
        return own != null && theirs != null && own.getLocation().equals(theirs.getLocation());
    }

    private static String origin(PluginWrapper plugin, Class<?> type) {
        if (plugin != null) {
            return plugin.getPluginPath().toString();
        }
        CodeSource source = type == null ? null : type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location == null ? "class path" : "class path " + location.getPath();
    }

    private void fail(String jar, String reason) {
        PluginFailure failure = new PluginFailure(jar, reason);
        LOG.error("plugin failure: {}", failure);
        failures.add(failure);
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            sb.append(" <- ").append(root.getClass().getSimpleName()).append(": ").append(root.getMessage());
        }
        return sb.toString();
    }

    /**
     * Returns the registry of all extensions that loaded.
     *
     * @return the registry
     */
    public ExtensionRegistry registry() {
        return registry;
    }

    /**
     * Returns the plugin jars that failed, with reasons.
     *
     * @return the failures
     */
    public List<PluginFailure> failures() {
        return Collections.unmodifiableList(failures);
    }

    /**
     * Returns the plugin jars that loaded and started.
     *
     * @return the plugins
     */
    public List<PluginInfo> plugins() {
        return Collections.unmodifiableList(plugins);
    }

    /** Stops and unloads the plugins one by one (PF4J 3.15's bulk stop is unreliable, PF4J issue #656). */
    @Override
    public void close() {
        for (PluginWrapper plugin : new ArrayList<>(manager.getStartedPlugins())) {
            try {
                manager.stopPlugin(plugin.getPluginId());
            } catch (RuntimeException e) {
                LOG.warn("cannot stop plugin {}: {}", plugin.getPluginId(), e.getMessage());
            }
        }
        for (PluginWrapper plugin : new ArrayList<>(manager.getPlugins())) {
            try {
                manager.unloadPlugin(plugin.getPluginId());
            } catch (RuntimeException e) {
                LOG.warn("cannot unload plugin {}: {}", plugin.getPluginId(), e.getMessage());
            }
        }
    }

    /** Builds a {@link PluginRuntime}. */
    public static final class Builder {

        private Path pluginsDirectory;
        private boolean classpathPlugins = true;
        private final List<Module> modules = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the folder of plugin jars to load.
         *
         * @param directory the folder; none by default
         * @return this builder
         */
        public Builder optPluginsDirectory(Path directory) {
            this.pluginsDirectory = directory;
            return this;
        }

        /**
         * Sets whether extensions of other jars on the class path are registered (default true); the
         * framework's own extensions always are.
         *
         * @param enabled true to register them
         * @return this builder
         */
        public Builder optClasspathPlugins(boolean enabled) {
            this.classpathPlugins = enabled;
            return this;
        }

        /**
         * Adds a Guice module binding services that extensions may inject.
         *
         * @param module the module
         * @return this builder
         */
        public Builder addModule(Module module) {
            modules.add(module);
            return this;
        }

        /**
         * Loads the plugins.
         *
         * @return the runtime
         * @throws DuplicateExtensionException if two extensions of a kind share a name
         */
        public PluginRuntime build() {
            return new PluginRuntime(this);
        }
    }
}
