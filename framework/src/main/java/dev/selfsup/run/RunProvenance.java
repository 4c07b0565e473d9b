package dev.selfsup.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.selfsup.api.ApiVersion;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.NamedExtension;
import dev.selfsup.api.Settings;
import dev.selfsup.api.data.Sha256;
import dev.selfsup.plugin.ExtensionRegistry;
import dev.selfsup.plugin.PluginInfo;
import dev.selfsup.plugin.RegisteredExtension;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.store.RunFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The home of a run's {@code provenance.json}: what produced the run, written once when it starts. */
final class RunProvenance {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunProvenance() {
    }

    /** Which plugin, of which version, provided each extension the recipe uses (class-path ones included). */
    private static List<Map<String, String>> extensionsUsed(ValidatedRecipe recipe, ExtensionRegistry registry) {
        List<Map<String, String>> used = new ArrayList<>();
        java.util.function.BiConsumer<String, NamedExtension> add = (role, extension) -> {
            RegisteredExtension r = registry.registration(extension);
            Map<String, String> m = new LinkedHashMap<>();
            m.put("role", role);
            m.put("kind", r.kind().label());
            m.put("name", r.name());
            m.put("plugin", r.pluginId());
            m.put("version", r.pluginVersion());
            m.put("origin", r.origin());
            used.add(m);
        };
        add.accept("data", recipe.dataset());
        recipe.encoders().forEach((name, choice) -> add.accept("encoders." + name, choice.provider()));
        add.accept("pretext", recipe.pretext());
        add.accept("evaluate.head", recipe.head());
        for (int v = 0; v < recipe.views().size(); v++) {
            for (ValidatedRecipe.Augment a : recipe.views().get(v)) {
                add.accept("views[" + v + "]", a.provider());
            }
        }
        return used;
    }

    /**
     * Writes {@code provenance.json}: versions (selfsup, API, DJL, Java, engine), devices, threads, seed, the plugin
     * jars with their sha256, which plugin and version provided each extension the run uses, and the data's
     * provenance.
     *
     * @param folder the run folder
     * @param recipe the recipe
     * @param splits the opened data
     * @param devices the devices
     * @param plugins the loaded plugin jars
     * @param registry the loaded extensions
     * @throws UncheckedIOException if it cannot be written
     */
    static void write(RunFolder folder, ValidatedRecipe recipe, DatasetSplits splits, List<Device> devices,
                      List<PluginInfo> plugins, ExtensionRegistry registry) {
        Settings settings = recipe.settings();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("selfsup", RecipeRunner.class.getPackage().getImplementationVersion());
        p.put("api", ApiVersion.current());
        p.put("djl", Engine.getDjlVersion());
        p.put("java", System.getProperty("java.version"));
        p.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        p.put("devices", devices.stream().map(Device::toString).toList());
        p.put("threads", System.getProperty("ai.djl.pytorch.num_threads"));
        p.put("seed", settings.getLong("seed"));
        List<Map<String, String>> pluginList = new ArrayList<>();
        for (PluginInfo info : plugins) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("id", info.id());
            m.put("version", info.version());
            m.put("jar", info.jar());
            m.put("sha256", Sha256.of(Path.of(info.jar())));
            pluginList.add(m);
        }
        p.put("plugins", pluginList);
        p.put("extensions", extensionsUsed(recipe, registry));
        p.put("data", splits.provenance());
        try {
            JSON.writeValue(folder.provenance().toFile(), p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.provenance(), e);
        }
    }
}
