package dev.selfsup.plugin;

import ai.djl.engine.Engine;
import com.google.inject.Guice;
import com.google.inject.Module;
import dev.selfsup.api.ApiVersion;
import dev.selfsup.api.NamedExtension;
import dev.selfsup.data.ErrorText;
import org.pf4j.DefaultPluginFactory;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.Plugin;
import org.pf4j.PluginFactory;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads plugins and builds the extension registry. Plugin jars come from a plugins folder; plugins on the
 * class path (development, embedding) are found through their {@code META-INF/extensions.idx}. A jar that
 * fails to load, start, or create an extension is recorded as a {@link PluginFailure} naming the jar;
 * the other plugins keep working. Jars load in dependency order ({@code Plugin-Dependencies}), whatever their
 * file names; a jar whose extension claims a name already taken (by the framework or a jar loaded before it) is
 * disabled as a whole; with a {@link PluginAllowList}, unlisted or altered jars are refused before their code runs.
 */
public final class PluginRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

    private final DefaultPluginManager manager;
    private final List<PluginFailure> failures = new ArrayList<>();
    private final List<PluginInfo> plugins = new ArrayList<>();
    /** Why a plugin's Plugin-Class could not be constructed, by plugin id. */
    private final Map<String, Throwable> constructionFailures = new HashMap<>();
    private final ExtensionRegistry registry;

    private PluginRuntime(Builder builder) {
        GuiceExtensionFactory factory = new GuiceExtensionFactory();
        Path root = builder.pluginsDirectory == null ? Path.of("plugins") : builder.pluginsDirectory;
        manager = new DefaultPluginManager(root) {
            @Override
            protected ExtensionFactory createExtensionFactory() {
                return factory;
            }

            @Override
            protected PluginFactory createPluginFactory() {
                return new DefaultPluginFactory() {
                    /** As PF4J's, but keeps why a constructor failed (PF4J logs it and returns null). */
                    @Override
                    protected Plugin createInstance(Class<?> type, PluginWrapper wrapper) {
                        try {
                            try {
                                return (Plugin) type.getConstructor(PluginWrapper.class).newInstance(wrapper);
                            } catch (NoSuchMethodException e) {
                                return (Plugin) type.getConstructor().newInstance();
                            }
                        } catch (InvocationTargetException e) {
                            constructionFailures.put(wrapper.getPluginId(), e.getCause());
                        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                            constructionFailures.put(wrapper.getPluginId(), e);
                        }
                        return null;
                    }
                };
            }
        };
        manager.setSystemVersion(ApiVersion.current());
        factory.bind(Guice.createInjector(builder.modules));
        try {
            if (builder.pluginsDirectory != null) {
                loadJars(builder.pluginsDirectory, builder.allowList);
            }
            List<RegisteredExtension> extensions = new ArrayList<>();
            collect(null, "", extensions, builder.classpathPlugins).forEach(f -> fail(f.jar(), f.reason()));
            for (PluginInfo info : new ArrayList<>(plugins)) {
                PluginWrapper plugin = manager.getPlugin(info.id());
                List<RegisteredExtension> own = new ArrayList<>();
                List<PluginFailure> broken = collect(plugin, plugin.getDescriptor().getVersion(), own, true);
                if (!broken.isEmpty()) { // a half-working plugin would surprise: take it out whole
                    disable(info, broken.stream().map(PluginFailure::reason).collect(Collectors.joining("; ")));
                    continue;
                }
                String clash = clash(extensions, own);
                if (clash != null) {
                    disable(info, clash);
                    continue;
                }
                extensions.addAll(own);
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

    /** A jar whose manifest was read and accepted, waiting to be loaded in dependency order. */
    private record Candidate(Path jar, String id, List<String> required, List<String> optional) {
    }

    private void loadJars(Path directory, PluginAllowList allowList) {
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
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        for (Path jar : jars) {
            Candidate candidate = candidate(jar, allowList);
            if (candidate == null) {
                continue;
            }
            Candidate same = candidates.get(candidate.id());
            if (same != null) {
                fail(jar.toString(), "refused: plugin id '" + candidate.id() + "' is already taken by " + same.jar()
                        + "; remove one of the two jars");
                continue;
            }
            candidates.put(candidate.id(), candidate);
        }
        for (Candidate candidate : dependencyOrder(candidates)) {
            load(candidate);
        }
    }

    /** Reads a jar's manifest and checks it (readable, compatible build, allow-list); null after a failure. */
    private Candidate candidate(Path jar, PluginAllowList allowList) {
        if (!Files.isRegularFile(jar)) {
            fail(jar.toString(), "not a regular file");
            return null;
        }
        Attributes manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest() == null ? null : file.getManifest().getMainAttributes();
        } catch (IOException | SecurityException e) {
            fail(jar.toString(), "not a readable jar file (" + ErrorText.describe(e) + ")"); // PF4J would log a trace
            return null;
        }
        if (manifest == null) {
            fail(jar.toString(), "not a plugin jar (it has no META-INF/MANIFEST.MF)");
            return null;
        }
        String id = manifest.getValue("Plugin-Id");
        if (id == null || id.isBlank()) {
            fail(jar.toString(), "not a plugin jar (its manifest has no Plugin-Id)");
            return null;
        }
        id = id.trim();
        String refused = allowList == null ? null : allowList.refusal(jar, id);
        if (refused == null) {
            refused = incompatibleBuild(jar, manifest);
        }
        if (refused != null) {
            fail(jar.toString(), refused);
            return null;
        }
        List<String> required = new ArrayList<>();
        List<String> optional = new ArrayList<>();
        String dependencies = manifest.getValue("Plugin-Dependencies");
        for (String entry : dependencies == null ? new String[0] : dependencies.split(",")) {
            String name = entry.contains("@") ? entry.substring(0, entry.indexOf('@')) : entry;
            name = name.trim();
            if (name.endsWith("?")) {
                optional.add(name.substring(0, name.length() - 1).trim());
            } else if (!name.isEmpty()) {
                required.add(name);
            }
        }
        return new Candidate(jar, id, required, optional);
    }

    /**
     * Orders jars so that every plugin loads after those it depends on (PF4J resolves a plugin's dependencies when
     * it loads), by file name where the dependencies leave a choice. A jar needing a plugin that is absent or
     * refused, or caught in a dependency cycle, fails with the reason; so do the jars that need it.
     */
    private List<Candidate> dependencyOrder(Map<String, Candidate> candidates) {
        List<Candidate> ordered = new ArrayList<>();
        Map<String, Candidate> waiting = new LinkedHashMap<>(candidates);
        boolean progress = true;
        while (!waiting.isEmpty() && progress) {
            progress = false;
            for (Candidate c : new ArrayList<>(waiting.values())) {
                String missing = c.required().stream().filter(d -> !candidates.containsKey(d)).findFirst().orElse(null);
                if (missing != null) {
                    fail(c.jar().toString(), "cannot load: it needs plugin '" + missing + "' (Plugin-Dependencies), "
                            + "which is not among the loadable jars of the plugins folder");
                    candidates.remove(c.id());
                    waiting.remove(c.id());
                    progress = true;
                    continue;
                }
                boolean ready = Stream.concat(c.required().stream(), c.optional().stream())
                        .noneMatch(waiting::containsKey);
                if (ready) {
                    ordered.add(c);
                    waiting.remove(c.id());
                    progress = true;
                }
            }
        }
        for (Candidate c : waiting.values()) {
            fail(c.jar().toString(), "cannot load: its Plugin-Dependencies form a cycle among "
                    + String.join(", ", waiting.keySet()));
        }
        return ordered;
    }

    /** Loads and starts one accepted jar; a failure is recorded, naming it. */
    private void load(Candidate candidate) {
        Path jar = candidate.jar();
        String id;
        try {
            id = manager.loadPlugin(jar.toAbsolutePath());
        } catch (RuntimeException | LinkageError e) {
            fail(jar.toString(), "cannot load: " + reason(e));
            return;
        }
        if (id == null) {
            fail(jar.toString(), "not a plugin jar (no Plugin-Id in its manifest)");
            return;
        }
        PluginWrapper plugin = manager.getPlugin(id);
        if (!compatible(plugin.getDescriptor().getRequires())) {
            manager.unloadPlugin(id);
            fail(jar.toString(), "refused: built for selfsup API " + plugin.getDescriptor().getRequires()
                    + " (Plugin-Requires), this "
                    + "framework provides API " + manager.getSystemVersion()
                    + "; rebuild the plugin against this framework or use a matching framework version");
            return;
        }
        try {
            PluginState state = manager.startPlugin(id);
            if (state != PluginState.STARTED) {
                Throwable constructor = constructionFailures.get(id);
                Throwable cause = plugin.getFailedException();
                String missing = missingPluginClass(plugin);
                unload(id);
                fail(jar.toString(), "cannot start (state " + state + ")" + (missing != null ? ": " + missing
                        : constructor != null ? ": the constructor of its Plugin-Class "
                                + plugin.getDescriptor().getPluginClass() + " threw " + constructor.getClass().getName()
                                + ": " + reason(constructor)
                        : cause == null ? "" : ": " + reason(cause)));
                return;
            }
        } catch (RuntimeException | LinkageError e) {
            unload(id);
            fail(jar.toString(), "cannot start: " + reason(e));
            return;
        }
        plugins.add(new PluginInfo(id, plugin.getDescriptor().getVersion(),
                plugin.getDescriptor().getProvider(), plugin.getDescriptor().getPluginDescription(),
                jar.toString()));
    }

    /** Names the first extension of {@code own} whose kind and name another extension already has, or null. */
    private static String clash(List<RegisteredExtension> registered, List<RegisteredExtension> own) {
        List<RegisteredExtension> seen = new ArrayList<>(registered);
        for (RegisteredExtension e : own) {
            for (RegisteredExtension other : seen) {
                if (other.kind() == e.kind() && other.name().equals(e.name())) {
                    return "its " + e.kind().label() + " '" + e.name() + "' (" + e.extension().getClass().getName()
                            + ") has the name of the one from " + other.origin() + "; the first one keeps the name";
                }
            }
            seen.add(e);
        }
        return null;
    }

    /** Takes a started plugin out again (an extension cannot be created or takes a name in use), recording why. */
    private void disable(PluginInfo info, String reason) {
        plugins.remove(info);
        unload(info.id());
        fail(info.jar(), "disabled: " + reason);
    }

    private void unload(String id) {
        try {
            manager.stopPlugin(id);
        } catch (RuntimeException e) {
            LOG.warn("cannot stop plugin {}: {}", id, e.getMessage());
        }
        try {
            manager.unloadPlugin(id);
        } catch (RuntimeException e) {
            LOG.warn("cannot unload plugin {}: {}", id, e.getMessage());
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

    /**
     * Checks the API and DJL versions a jar records having been built with against this runtime: another API
     * minor (or none recorded) or another DJL minor is refused, another DJL patch version is warned about.
     *
     * @return why the jar is refused, or null
     */
    private static String incompatibleBuild(Path jar, Attributes manifest) {
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
    /**
     * Creates the extensions of one plugin, or with {@code plugin == null} those on the class path, into
     * {@code out}.
     *
     * @return the extensions that could not be listed or created, each naming where it comes from
     */
    private List<PluginFailure> collect(PluginWrapper plugin, String version, List<RegisteredExtension> out,
                                        boolean includeForeign) {
        List<PluginFailure> broken = new ArrayList<>();
        String pluginId = plugin == null ? RegisteredExtension.CLASS_PATH : plugin.getPluginId();
        for (ExtensionKind kind : ExtensionKind.values()) {
            List<? extends Class<? extends NamedExtension>> classes;
            try {
                classes = manager.getExtensionClasses(kind.type(), plugin == null ? null : plugin.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                broken.add(new PluginFailure(origin(plugin, null), "cannot list " + kind.label() + " extensions: "
                        + reason(e)));
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
                    broken.add(new PluginFailure(origin(plugin, type), "cannot create " + kind.label() + " "
                            + type.getName() + ": " + reason(e)));
                }
            }
        }
        return broken;
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

    /** The message of a throwable and of its causes, the first line of each (Guice's run to dozens of lines). */
    private static String reason(Throwable e) {
        Throwable root = e;
        StringBuilder sb = new StringBuilder(firstLine(e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            sb.append(" <- ").append(root.getClass().getSimpleName()).append(": ").append(firstLine(root.getMessage()));
        }
        return sb.toString();
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "null";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
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

    /**
     * Returns an allow-list that admits exactly the jars that loaded (see {@link PluginAllowList}).
     *
     * @return its text, a line per jar
     */
    public String allowList() {
        StringBuilder text = new StringBuilder("# selfsup plugin allow-list: PLUGIN_ID SHA256 of the jar\n");
        for (PluginInfo plugin : plugins) {
            text.append(PluginAllowList.line(Path.of(plugin.jar()), plugin.id())).append('\n');
        }
        return text.toString();
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
        private PluginAllowList allowList;

        private Builder() {
        }

        /**
         * Sets the jars this runtime may load: any other jar in the plugins folder is refused, naming it, before
         * any of its code runs (default: none, every jar is tried).
         *
         * @param allowList the allow-list
         * @return this builder
         */
        public Builder optAllowList(PluginAllowList allowList) {
            this.allowList = allowList;
            return this;
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
         * @throws DuplicateExtensionException if two class-path extensions of a kind share a name (a plugin jar
         *     whose extension takes a name already registered is disabled instead, and listed in {@link #failures})
         */
        public PluginRuntime build() {
            return new PluginRuntime(this);
        }
    }
}
