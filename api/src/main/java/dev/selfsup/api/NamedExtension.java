package dev.selfsup.api;

import org.pf4j.ExtensionPoint;

/**
 * Common part of every selfsup extension point: a unique name that recipes use, a one-line description,
 * and the schema of the settings it accepts.
 */
public interface NamedExtension extends ExtensionPoint {

    /**
     * Returns the name recipes use to pick this extension, e.g. {@code mnist}, {@code vit}, {@code mae}.
     * Names are lower case with underscores and unique per extension kind across all plugins.
     *
     * @return the name
     */
    String name();

    /**
     * Returns a one-line, human readable description for {@code selfsup plugins}.
     *
     * @return the description
     */
    String description();

    /**
     * Returns the keys this extension accepts in its recipe section, with types, defaults and ranges.
     * The framework validates the section against it before anything runs.
     *
     * @return the settings schema
     */
    SettingsSchema schema();
}
