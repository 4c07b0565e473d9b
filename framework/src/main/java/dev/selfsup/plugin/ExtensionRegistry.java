package dev.selfsup.plugin;

import dev.selfsup.api.NamedExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Maps extension names to extensions, per kind. Immutable once built. */
public final class ExtensionRegistry {

    private final Map<ExtensionKind, Map<String, RegisteredExtension>> byKind = new EnumMap<>(ExtensionKind.class);

    /**
     * Builds a registry.
     *
     * @param extensions the extensions
     * @throws DuplicateExtensionException if two extensions of one kind share a name
     */
    public ExtensionRegistry(List<RegisteredExtension> extensions) {
        for (ExtensionKind kind : ExtensionKind.values()) {
            byKind.put(kind, new TreeMap<>());
        }
        for (RegisteredExtension e : extensions) {
            RegisteredExtension previous = byKind.get(e.kind()).putIfAbsent(e.name(), e);
            if (previous != null) {
                throw new DuplicateExtensionException(previous, e);
            }
        }
    }

    /**
     * Looks an extension up by name.
     *
     * @param type the extension point
     * @param name the name
     * @param <T> the extension point type
     * @return the extension
     * @throws UnknownExtensionException listing the known names if there is none
     */
    public <T extends NamedExtension> T get(Class<T> type, String name) {
        ExtensionKind kind = ExtensionKind.of(type);
        RegisteredExtension e = byKind.get(kind).get(name);
        if (e == null) {
            throw new UnknownExtensionException(kind, name, names(kind));
        }
        return type.cast(e.extension());
    }

    /**
     * Returns whether a name is known.
     *
     * @param kind the kind
     * @param name the name
     * @return true if registered
     */
    /**
     * Returns where an extension comes from: its plugin id and version, and the jar or class-path location.
     *
     * @param extension a registered extension
     * @return its registration
     * @throws IllegalArgumentException if it is not registered here
     */
    public RegisteredExtension registration(NamedExtension extension) {
        for (Map<String, RegisteredExtension> kind : byKind.values()) {
            for (RegisteredExtension e : kind.values()) {
                if (e.extension() == extension) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException(extension.getClass().getName() + " is not registered");
    }

    public boolean contains(ExtensionKind kind, String name) {
        return byKind.get(kind).containsKey(name);
    }

    /**
     * Returns the known names of a kind, sorted.
     *
     * @param kind the kind
     * @return the names
     */
    public List<String> names(ExtensionKind kind) {
        return List.copyOf(byKind.get(kind).keySet());
    }

    /**
     * Returns every registered extension, by kind then name.
     *
     * @return the extensions
     */
    public List<RegisteredExtension> all() {
        List<RegisteredExtension> all = new ArrayList<>();
        byKind.values().forEach(m -> all.addAll(m.values()));
        return Collections.unmodifiableList(all);
    }
}
