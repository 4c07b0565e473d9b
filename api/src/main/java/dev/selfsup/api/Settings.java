package dev.selfsup.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An immutable, typed view of one recipe mapping that remembers where each key was written.
 *
 * <p>Values are plain Java: {@link String}, {@link Long} (every integer), {@link Double},
 * {@link Boolean}, unmodifiable {@code List<Object>}, nested {@code Settings}, or {@code null}. Every
 * section knows its dotted {@link #path()} ({@code ""} for the root, {@code probes[1]} for list
 * elements), so errors name the full key. Typed getters throw a {@link RecipeException} naming the
 * location and full key when a value is missing or of the wrong type. Equality compares content only,
 * never locations or paths.
 */
public final class Settings {

    private final String path;
    private final SourceLocation location;
    private final Map<String, Object> values;
    private final Map<String, SourceLocation> locations;

    private Settings(String path, SourceLocation location, Map<String, Object> values,
            Map<String, SourceLocation> locations) {
        this.path = path;
        this.location = location;
        this.values = Collections.unmodifiableMap(values);
        this.locations = Collections.unmodifiableMap(locations);
    }

    /**
     * Starts building a section; used by loaders that know the location of every key.
     *
     * @param path the dotted path of the section ({@code ""} for the root)
     * @param location where the section starts
     * @return a new builder
     */
    public static Builder builder(String path, SourceLocation location) {
        return new Builder(path, location);
    }

    /**
     * Builds settings from plain maps, e.g. in code or tests. Nested maps become sections, Integer,
     * Short and Byte become Long, Float becomes Double; every location is {@link SourceLocation#code()}.
     *
     * @param plain the keys and values
     * @return the root section
     * @throws IllegalArgumentException if a value is of an unsupported type or a key is not a string
     */
    public static Settings of(Map<String, ?> plain) {
        return fromMap("", plain);
    }

    private static Settings fromMap(String path, Map<?, ?> plain) {
        Builder builder = builder(path, SourceLocation.code());
        plain.forEach((key, value) -> {
            if (!(key instanceof String name)) {
                throw new IllegalArgumentException("keys must be strings, found " + key);
            }
            builder.put(name, value, SourceLocation.code());
        });
        return builder.build();
    }

    /**
     * The dotted path of this section.
     *
     * @return {@code ""} for the root, otherwise e.g. {@code train.optimizer}
     */
    public String path() {
        return path;
    }

    /**
     * Where this section starts.
     *
     * @return the section's location
     */
    public SourceLocation location() {
        return location;
    }

    /**
     * Where a key was written.
     *
     * @param key a key of this section
     * @return the key's location, or the section's location if the key is absent
     */
    public SourceLocation location(String key) {
        return locations.getOrDefault(key, location);
    }

    /**
     * Whether the key is present (possibly with a null value).
     *
     * @param key a key of this section
     * @return true if present
     */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * The keys of this section in the order they were written.
     *
     * @return an unmodifiable set
     */
    public Set<String> keys() {
        return values.keySet();
    }

    /**
     * The value of a key without conversion.
     *
     * @param key a key of this section
     * @return the value, or null if absent or null
     */
    public Object raw(String key) {
        return values.get(key);
    }

    /**
     * The full dotted key of one of this section's keys.
     *
     * @param key a key of this section
     * @return e.g. {@code train.optimizer.lr}
     */
    public String fullKey(String key) {
        return childPath(path, key);
    }

    /**
     * A required string.
     *
     * @param key the key
     * @return the value
     * @throws RecipeException if missing or not a string
     */
    public String getString(String key) {
        return typed(key, "a string", v -> v instanceof String s ? s : null);
    }

    /**
     * A required integer that fits in an {@code int}; a number without fraction (such as {@code 1e5})
     * is accepted.
     *
     * @param key the key
     * @return the value
     * @throws RecipeException if missing, not an integer or out of {@code int} range
     */
    public int getInt(String key) {
        long value = getLong(key);
        if (value != (int) value) {
            throw problem(key, "integer " + value + " does not fit in 32 bits");
        }
        return (int) value;
    }

    /**
     * A required integer; a number without fraction (such as {@code 1e5}) is accepted.
     *
     * @param key the key
     * @return the value
     * @throws RecipeException if missing or not an integer
     */
    public long getLong(String key) {
        return typed(key, "an integer", Values::asLong);
    }

    /**
     * A required number; integers are accepted.
     *
     * @param key the key
     * @return the value
     * @throws RecipeException if missing or not a number
     */
    public double getDouble(String key) {
        return typed(key, "a number", Values::asDouble);
    }

    /**
     * A required boolean.
     *
     * @param key the key
     * @return the value
     * @throws RecipeException if missing or not a boolean
     */
    public boolean getBoolean(String key) {
        return typed(key, "a boolean", v -> v instanceof Boolean b ? b : null);
    }

    /**
     * A required nested section.
     *
     * @param key the key
     * @return the section
     * @throws RecipeException if missing or not a mapping
     */
    public Settings getSection(String key) {
        return typed(key, "a mapping", v -> v instanceof Settings s ? s : null);
    }

    /**
     * A required list of strings.
     *
     * @param key the key
     * @return an unmodifiable list
     * @throws RecipeException if missing, not a list, or an element is not a string
     */
    public List<String> getStringList(String key) {
        return typedList(key, "a string", v -> v instanceof String s ? s : null);
    }

    /**
     * A required list of integers that fit in an {@code int}.
     *
     * @param key the key
     * @return an unmodifiable list
     * @throws RecipeException if missing, not a list, or an element is not a 32-bit integer
     */
    public List<Integer> getIntList(String key) {
        return typedList(key, "a 32-bit integer", v -> {
            Long value = Values.asLong(v);
            return value != null && value == value.intValue() ? value.intValue() : null;
        });
    }

    /**
     * A required list of numbers; integers are accepted.
     *
     * @param key the key
     * @return an unmodifiable list
     * @throws RecipeException if missing, not a list, or an element is not a number
     */
    public List<Double> getDoubleList(String key) {
        return typedList(key, "a number", Values::asDouble);
    }

    /**
     * A required list of sections.
     *
     * @param key the key
     * @return an unmodifiable list
     * @throws RecipeException if missing, not a list, or an element is not a mapping
     */
    public List<Settings> getSectionList(String key) {
        return typedList(key, "a mapping", v -> v instanceof Settings s ? s : null);
    }

    /**
     * An optional string.
     *
     * @param key the key
     * @param defaultValue returned when the key is absent or null
     * @return the value or the default
     * @throws RecipeException if present but not a string
     */
    public String optString(String key, String defaultValue) {
        return raw(key) == null ? defaultValue : getString(key);
    }

    /**
     * An optional 32-bit integer.
     *
     * @param key the key
     * @param defaultValue returned when the key is absent or null
     * @return the value or the default
     * @throws RecipeException if present but not a 32-bit integer
     */
    public int optInt(String key, int defaultValue) {
        return raw(key) == null ? defaultValue : getInt(key);
    }

    /**
     * An optional number.
     *
     * @param key the key
     * @param defaultValue returned when the key is absent or null
     * @return the value or the default
     * @throws RecipeException if present but not a number
     */
    public double optDouble(String key, double defaultValue) {
        return raw(key) == null ? defaultValue : getDouble(key);
    }

    /**
     * An optional boolean.
     *
     * @param key the key
     * @param defaultValue returned when the key is absent or null
     * @return the value or the default
     * @throws RecipeException if present but not a boolean
     */
    public boolean optBoolean(String key, boolean defaultValue) {
        return raw(key) == null ? defaultValue : getBoolean(key);
    }

    /**
     * Converts to nested {@link LinkedHashMap}s and lists, e.g. for serialisation.
     *
     * @return a new mutable map in key order
     */
    public Map<String, Object> toPlainMap() {
        Map<String, Object> plain = new LinkedHashMap<>();
        values.forEach((key, value) -> plain.put(key, toPlain(value)));
        return plain;
    }

    private static Object toPlain(Object value) {
        if (value instanceof Settings section) {
            return section.toPlainMap();
        }
        if (value instanceof List<?> list) {
            List<Object> plain = new ArrayList<>(list.size());
            list.forEach(element -> plain.add(toPlain(element)));
            return plain;
        }
        return value;
    }

    /**
     * Returns a copy with one value set, creating missing intermediate sections at {@code where}.
     * A mapping value replaces the existing section rather than merging into it.
     *
     * @param dottedKey the key relative to this section, e.g. {@code optimizer.lr}
     * @param value the new value (converted as in {@link #of(Map)})
     * @param where the location recorded for the value and any created section
     * @return the updated copy
     * @throws IllegalArgumentException if the key has an empty segment or the value is unsupported
     * @throws RecipeException if an intermediate key holds a value that is not a mapping
     */
    public Settings with(String dottedKey, Object value, SourceLocation where) {
        String[] parts = dottedKey.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty segment in key '" + dottedKey + "'");
            }
        }
        return with(parts, 0, value, where);
    }

    private Settings with(String[] parts, int index, Object value, SourceLocation where) {
        Builder builder = builder(path, location);
        values.forEach((key, existing) -> builder.put(key, existing, location(key)));
        String key = parts[index];
        if (index == parts.length - 1) {
            builder.put(key, value, where);
            return builder.build();
        }
        Object existing = raw(key);
        Settings child;
        if (existing instanceof Settings section) {
            child = section;
        } else if (existing == null) {
            child = builder(fullKey(key), where).build();
        } else {
            throw new RecipeException(new RecipeProblem(where, fullKey(key),
                    "cannot set '" + String.join(".", parts) + "': "
                            + Values.wrongType("a mapping", existing)));
        }
        builder.put(key, child.with(parts, index + 1, value, where), has(key) ? location(key) : where);
        return builder.build();
    }

    /**
     * Compares content (keys, values, nesting), ignoring locations and paths.
     *
     * @param other another object
     * @return true if {@code other} is settings with equal content
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Settings settings && values.equals(settings.values);
    }

    /**
     * A hash of the content, consistent with {@link #equals(Object)}.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /**
     * The content as a plain map, for debugging.
     *
     * @return a string such as {@code {lr=0.1, optimizer={name=adam}}}
     */
    @Override
    public String toString() {
        return toPlainMap().toString();
    }

    private <T> T typed(String key, String expected, Function<Object, T> convert) {
        if (raw(key) == null) {
            throw missing(key);
        }
        T value = convert.apply(raw(key));
        if (value == null) {
            throw problem(key, Values.wrongType(expected, raw(key)));
        }
        return value;
    }

    private <T> List<T> typedList(String key, String expected, Function<Object, T> convert) {
        List<?> list = typed(key, "a list", v -> v instanceof List<?> l ? l : null);
        List<T> converted = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            T element = list.get(i) == null ? null : convert.apply(list.get(i));
            if (element == null) {
                throw new RecipeException(new RecipeProblem(location(key), fullKey(key) + "[" + i + "]",
                        Values.wrongType(expected, list.get(i))));
            }
            converted.add(element);
        }
        return Collections.unmodifiableList(converted);
    }

    private RecipeException missing(String key) {
        return new RecipeException(new RecipeProblem(location, fullKey(key), "missing required key"));
    }

    private RecipeException problem(String key, String message) {
        return new RecipeException(new RecipeProblem(location(key), fullKey(key), message));
    }

    static String childPath(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /**
     * Re-roots this section (and everything below it) at another path; returns itself if unchanged.
     */
    private Settings atPath(String newPath) {
        if (newPath.equals(path)) {
            return this;
        }
        Builder builder = builder(newPath, location);
        values.forEach((key, value) -> builder.put(key, value, location(key)));
        return builder.build();
    }

    /** Collects the keys of one section with their values and locations. */
    public static final class Builder {

        private final String path;
        private final SourceLocation location;
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, SourceLocation> locations = new LinkedHashMap<>();

        private Builder(String path, SourceLocation location) {
            this.path = Objects.requireNonNull(path, "path");
            this.location = Objects.requireNonNull(location, "location");
        }

        /**
         * Sets a key, replacing any earlier value but keeping the key's original position. Values are
         * converted as in {@link Settings#of(Map)}; nested sections are re-rooted under this path.
         *
         * @param key the key
         * @param value the value
         * @param where where the key was written
         * @return this builder
         * @throws IllegalArgumentException if the value is of an unsupported type
         */
        public Builder put(String key, Object value, SourceLocation where) {
            values.put(Objects.requireNonNull(key, "key"), normalize(childPath(path, key), value));
            locations.put(key, Objects.requireNonNull(where, "where"));
            return this;
        }

        /**
         * Creates the immutable section.
         *
         * @return the section
         */
        public Settings build() {
            return new Settings(path, location, new LinkedHashMap<>(values), new LinkedHashMap<>(locations));
        }

        private static Object normalize(String path, Object value) {
            if (value == null || value instanceof String || value instanceof Long || value instanceof Double
                    || value instanceof Boolean) {
                return value;
            } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            } else if (value instanceof Float f) {
                return Double.valueOf(f.toString());
            } else if (value instanceof Settings section) {
                return section.atPath(path);
            } else if (value instanceof Map<?, ?> map) {
                return fromMap(path, map);
            } else if (value instanceof List<?> list) {
                List<Object> elements = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    elements.add(normalize(path + "[" + i + "]", list.get(i)));
                }
                return Collections.unmodifiableList(elements);
            }
            throw new IllegalArgumentException("unsupported value for '" + path + "': " + value.getClass().getName());
        }
    }
}
