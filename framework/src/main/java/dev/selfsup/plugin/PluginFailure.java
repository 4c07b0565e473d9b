package dev.selfsup.plugin;

/**
 * A plugin (or one of its extensions) that could not be loaded; the others keep working.
 *
 * @param jar the plugin jar or folder
 * @param reason what went wrong
 */
public record PluginFailure(String jar, String reason) {

    @Override
    public String toString() {
        return jar + ": " + reason;
    }
}
