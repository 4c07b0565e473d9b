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

    /**
     * Returns the extension's name.
     *
     * @return the name
     */
    public String name() {
        return extension.name();
    }
}
