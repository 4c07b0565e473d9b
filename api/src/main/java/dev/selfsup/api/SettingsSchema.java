package dev.selfsup.api;

import dev.selfsup.api.SchemaField.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Declares the keys a recipe section accepts, with their types, defaults, limits and documentation.
 *
 * <p>Build one with {@link #builder()}; a default of {@code null} makes a key required. Integers are
 * accepted where a number is expected, and numbers without fraction (such as {@code 1e5}) where an
 * integer is expected. {@link #validate(Settings, List)} reports every problem, not just the first.
 */
public final class SettingsSchema {

    private final Map<String, SchemaField> fields;

    private SettingsSchema(Map<String, SchemaField> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * Starts declaring a schema.
     *
     * @return a new, empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The declared keys in declaration order.
     *
     * @return an unmodifiable set
     */
    public Set<String> keys() {
        return fields.keySet();
    }

    SchemaField field(String key) {
        return fields.get(key);
    }

    /**
     * Checks a section against this schema and fills in defaults.
     *
     * <p>Unknown keys, missing required keys, wrong types, values out of range or not among the
     * choices are appended to {@code problems}; the offending keys are left out of the result. An
     * absent nested section gets its defaults; a defaulted value is located at the section.
     *
     * @param input the section as written
     * @param problems receives one problem per error
     * @return the checked section with defaults filled in
     */
    public Settings validate(Settings input, List<RecipeProblem> problems) {
        for (String key : input.keys()) {
            if (!fields.containsKey(key)) {
                problems.add(new RecipeProblem(input.location(key), input.fullKey(key),
                        "unknown key; accepted keys: " + String.join(", ", fields.keySet())
                                + Suggestions.hint(key, fields.keySet())));
            }
        }
        Settings.Builder output = Settings.builder(input.path(), input.location());
        for (SchemaField field : fields.values()) {
            String key = field.key();
            String fullKey = input.fullKey(key);
            Object value = input.raw(key);
            if (value != null) {
                Object checked = field.check(value, fullKey, input.location(key), problems);
                if (checked != null) {
                    output.put(key, checked, input.location(key));
                }
            } else if (field.required()) {
                problems.add(new RecipeProblem(input.location(), fullKey, "missing required key"));
            } else {
                output.put(key, field.defaultFor(fullKey, input.location(), problems), input.location());
            }
        }
        return output.build();
    }

    /**
     * Checks one value against the rule of a declared key, so that values from elsewhere (a command-line
     * option, a builder) obey the same rules as the recipe key.
     *
     * @param key the key, with dots for nested sections (e.g. {@code evaluate.batch_size})
     * @param value the value
     * @return an empty string if the value is acceptable, else why not (e.g. {@code must be between 0 and
     *     4096, got -1})
     * @throws IllegalArgumentException if the key is not declared
     */
    public String checkValue(String key, Object value) {
        int dot = key.indexOf('.');
        SchemaField field = fields.get(dot < 0 ? key : key.substring(0, dot));
        if (field == null || dot >= 0 && (field.nested() == null || field.list())) {
            throw new IllegalArgumentException("no key '" + key + "' in this schema");
        }
        if (dot >= 0) {
            return field.nested().checkValue(key.substring(dot + 1), value);
        }
        List<RecipeProblem> problems = new ArrayList<>();
        field.check(Settings.of(Map.of("v", value)).raw("v"), key, SourceLocation.code(), problems);
        return problems.isEmpty() ? "" : problems.get(0).message();
    }

    /**
     * Combines two schemas, e.g. a framework section with a plugin's keys.
     *
     * @param other the schema to add
     * @return a schema with the keys of both, this schema's first
     * @throws IllegalArgumentException if both declare the same key
     */
    public SettingsSchema merge(SettingsSchema other) {
        Map<String, SchemaField> union = new LinkedHashMap<>(fields);
        for (SchemaField field : other.fields.values()) {
            if (union.putIfAbsent(field.key(), field) != null) {
                throw new IllegalArgumentException("key '" + field.key() + "' is declared by both schemas");
            }
        }
        return new SettingsSchema(union);
    }

    /**
     * Help text: one line per key (nested keys included) with path, type, default, range or choices,
     * and documentation.
     *
     * @return the lines in declaration order
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        fields.values().forEach(field -> lines.addAll(field.describe("")));
        return lines;
    }

    /** Declares keys one by one; each {@code add} method returns the builder. */
    public static final class Builder {

        private final Map<String, SchemaField> fields = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Declares an integer.
         *
         * @param key the key
         * @param defaultValue the default, or null if the key is required
         * @param min the smallest accepted value
         * @param max the largest accepted value
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addInt(String key, Integer defaultValue, long min, long max, String doc) {
            return add(key, Kind.INT, false, defaultValue == null ? null : defaultValue.longValue(), min, max,
                    null, null, doc);
        }

        /**
         * Declares a number; integers are accepted too.
         *
         * @param key the key
         * @param defaultValue the default, or null if the key is required
         * @param min the smallest accepted value
         * @param max the largest accepted value
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addDouble(String key, Double defaultValue, double min, double max, String doc) {
            return add(key, Kind.DOUBLE, false, defaultValue, min, max, null, null, doc);
        }

        /**
         * Declares a boolean.
         *
         * @param key the key
         * @param defaultValue the default, or null if the key is required
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addBoolean(String key, Boolean defaultValue, String doc) {
            return add(key, Kind.BOOLEAN, false, defaultValue, null, null, null, null, doc);
        }

        /**
         * Declares a free-form string.
         *
         * @param key the key
         * @param defaultValue the default, or null if the key is required
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addString(String key, String defaultValue, String doc) {
            return add(key, Kind.STRING, false, defaultValue, null, null, null, null, doc);
        }

        /**
         * Declares a string restricted to a set of choices.
         *
         * @param key the key
         * @param defaultValue the default, or null if the key is required
         * @param choices the accepted values
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addChoice(String key, String defaultValue, Collection<String> choices, String doc) {
            return add(key, Kind.CHOICE, false, defaultValue, null, null, List.copyOf(choices), null, doc);
        }

        /**
         * Declares a list of numbers, each within a range.
         *
         * @param key the key
         * @param defaultValue the default, or null if the key is required
         * @param min the smallest accepted element
         * @param max the largest accepted element
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addDoubleList(String key, List<Double> defaultValue, double min, double max, String doc) {
            return add(key, Kind.DOUBLE, true, defaultValue, min, max, null, null, doc);
        }

        /**
         * Declares a list of integers, each within a range.
         *
         * @param key the key
         * @param defaultValue the default, or null if the key is required
         * @param min the smallest accepted element
         * @param max the largest accepted element
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addIntList(String key, List<Long> defaultValue, long min, long max, String doc) {
            return add(key, Kind.INT, true, defaultValue, min, max, null, null, doc);
        }

        /**
         * Declares a list of strings.
         *
         * @param key the key
         * @param defaultValue the default, or null if the key is required
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addStringList(String key, List<String> defaultValue, String doc) {
            return add(key, Kind.STRING, true, defaultValue, null, null, null, null, doc);
        }

        /**
         * Declares a list of strings, each one of a set of choices and none given twice.
         *
         * @param key the key
         * @param defaultValue the default, or null if the key is required
         * @param choices the accepted values
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addChoiceList(String key, List<String> defaultValue, Collection<String> choices, String doc) {
            return add(key, Kind.CHOICE, true, defaultValue, null, null, List.copyOf(choices), null, doc);
        }

        /**
         * Declares a nested section; when absent it is filled with the nested schema's defaults.
         *
         * @param key the key
         * @param nested the schema of the section
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addSection(String key, SettingsSchema nested, String doc) {
            return add(key, Kind.SECTION, false, null, null, null, null, Objects.requireNonNull(nested), doc);
        }

        /**
         * Declares a list of sections, each checked against {@code element}; defaults to an empty list.
         *
         * @param key the key
         * @param element the schema of each section
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addSectionList(String key, SettingsSchema element, String doc) {
            return add(key, Kind.SECTION, true, List.of(), null, null, null, Objects.requireNonNull(element), doc);
        }

        /**
         * Declares a section whose keys are checked later by someone else (e.g. a plugin's settings);
         * it is kept as given and defaults to an empty section.
         *
         * @param key the key
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addOpenSection(String key, String doc) {
            return add(key, Kind.OPEN_SECTION, false, null, null, null, null, null, doc);
        }

        /**
         * Declares a list of sections whose keys are checked later by someone else (e.g. a list of
         * extensions, each with its own settings); defaults to an empty list.
         *
         * @param key the key
         * @param doc documentation for help output
         * @return this builder
         */
        public Builder addOpenSectionList(String key, String doc) {
            return add(key, Kind.OPEN_SECTION, true, List.of(), null, null, null, null, doc);
        }

        /**
         * Creates the immutable schema.
         *
         * @return the schema
         */
        public SettingsSchema build() {
            return new SettingsSchema(fields);
        }

        private Builder add(String key, Kind kind, boolean list, Object defaultValue, Number min, Number max,
                List<String> choices, SettingsSchema nested, String doc) {
            if (key == null || key.isEmpty() || key.contains(".")) {
                throw new IllegalArgumentException("invalid key '" + key + "'");
            }
            if (fields.containsKey(key)) {
                throw new IllegalArgumentException("key '" + key + "' is declared twice");
            }
            SchemaField field = new SchemaField(key, kind, list, null, min, max, choices, nested,
                    Objects.requireNonNull(doc, "doc"));
            fields.put(key, defaultValue == null ? field : withCheckedDefault(field, defaultValue));
            return this;
        }

        private static SchemaField withCheckedDefault(SchemaField field, Object defaultValue) {
            List<RecipeProblem> problems = new ArrayList<>();
            Object checked = field.check(Settings.of(Map.of("v", defaultValue)).raw("v"), field.key(),
                    SourceLocation.code(), problems);
            if (checked == null) {
                throw new IllegalArgumentException("invalid default: " + problems.get(0));
            }
            return new SchemaField(field.key(), field.kind(), field.list(), checked, field.min(), field.max(),
                    field.choices(), field.nested(), field.doc());
        }
    }
}
