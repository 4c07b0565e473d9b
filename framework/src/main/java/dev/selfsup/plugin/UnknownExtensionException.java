package dev.selfsup.plugin;

import java.util.Collection;

/** A recipe or caller named an extension that no loaded plugin provides. */
public final class UnknownExtensionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param kind the kind asked for
     * @param name the unknown name
     * @param known the names that exist
     */
    public UnknownExtensionException(ExtensionKind kind, String name, Collection<String> known) {
        super("unknown " + kind.label() + " '" + name + "'; known: "
                + (known.isEmpty() ? "(none: is the plugin that provides it in the plugins folder?)"
                : String.join(", ", known)));
    }
}
