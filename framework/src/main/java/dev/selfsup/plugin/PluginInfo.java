package dev.selfsup.plugin;

/**
 * A loaded plugin jar.
 *
 * @param id the plugin id
 * @param version its version
 * @param provider who made it
 * @param description what it is
 * @param jar where it was loaded from
 */
public record PluginInfo(String id, String version, String provider, String description, String jar) {
}
