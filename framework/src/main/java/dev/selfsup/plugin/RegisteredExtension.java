package dev.selfsup.plugin;

import dev.selfsup.api.NamedExtension;

/**
 * An extension known to the registry.
 *
 * @param kind its kind
 * @param extension the instance
 * @param pluginId the plugin id, or {@code "classpath"} for extensions found on the class path
 * @param pluginVersion the plugin version, or empty
 * @param origin the jar or folder the extension class came from
 */
public record RegisteredExtension(ExtensionKind kind, NamedExtension extension, String pluginId,
                                  String pluginVersion, String origin) {

    /** The plugin id of class-path extensions. */
    public static final String CLASS_PATH = "classpath";

    /**
     * Returns the extension's name.
     *
     * @return the name
     */
    public String name() {
        return extension.name();
    }

    /**
     * Returns whether the extension was found on the class path rather than in a plugin jar (development,
     * embedding): then its plugin id is {@value #CLASS_PATH} and no version is checked.
     *
     * @return true for class-path extensions
     */
    public boolean onClassPath() {
        return CLASS_PATH.equals(pluginId);
    }
}
