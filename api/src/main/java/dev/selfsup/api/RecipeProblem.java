package dev.selfsup.api;

import java.util.Objects;

/**
 * One error found in a recipe.
 *
 * @param location where the offending value (or its section) was written
 * @param key the full dotted key, e.g. {@code train.optimizer.lr} or {@code evaluate.probes[1].k}
 * @param message what is wrong, in words
 */
public record RecipeProblem(SourceLocation location, String key, String message) {

    /**
     * Validates the components.
     *
     * @param location where the offending value (or its section) was written
     * @param key the full dotted key
     * @param message what is wrong
     * @throws NullPointerException if any component is null
     */
    public RecipeProblem {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Formats the problem as {@code <location>: <key>: <message>}.
     *
     * @return the printable problem
     */
    @Override
    public String toString() {
        return location + ": " + key + ": " + message;
    }
}
