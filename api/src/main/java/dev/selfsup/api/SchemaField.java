package dev.selfsup.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One key declared by a {@link SettingsSchema}: its type, default, limits and documentation.
 *
 * @param key the key within its section
 * @param kind the type of the value, or of each element when {@code list} is set
 * @param list whether the value is a list of {@code kind}
 * @param defaultValue the normalised default, or null when the key is required or has a computed default
 * @param min the lower bound for numbers (inclusive)
 * @param max the upper bound for numbers (inclusive)
 * @param choices the accepted strings for {@link Kind#CHOICE}
 * @param nested the schema of a {@link Kind#SECTION} or of each section in a list
 * @param doc the documentation shown in help output
 */
record SchemaField(String key, Kind kind, boolean list, Object defaultValue, Number min, Number max,
        List<String> choices, SettingsSchema nested, String doc) {

    /** The type of a value (or of a list element). */
    enum Kind {
        INT("integer"), DOUBLE("number"), BOOLEAN("boolean"), STRING("string"), CHOICE("choice"),
        SECTION("section"), OPEN_SECTION("open section");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Whether the key must be given: no default and no computed default. */
    boolean required() {
        return defaultValue == null && !list && kind != Kind.SECTION && kind != Kind.OPEN_SECTION;
    }

    /** The value used when the key is absent, or null if it is required. */
    Object defaultFor(String fullKey, SourceLocation where, List<RecipeProblem> problems) {
        return switch (kind) {
            case SECTION -> list ? defaultValue : nested.validate(Settings.builder(fullKey, where).build(), problems);
            case OPEN_SECTION -> list ? defaultValue : Settings.builder(fullKey, where).build();
            default -> defaultValue;
        };
    }

    /**
     * Checks a present, non-null value.
     *
     * @return the normalised value, or null after appending at least one problem
     */
    Object check(Object value, String fullKey, SourceLocation where, List<RecipeProblem> problems) {
        if (!list) {
            return checkOne(value, fullKey, where, problems);
        }
        if (!(value instanceof List<?> elements)) {
            problems.add(new RecipeProblem(where, fullKey, Values.wrongType("a list", value)));
            return null;
        }
        List<Object> checked = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            checked.add(checkOne(elements.get(i), fullKey + "[" + i + "]", where, problems));
        }
        if (checked.contains(null)) {
            return null;
        }
        if (kind == Kind.CHOICE) {
            for (int i = 0; i < checked.size(); i++) {
                if (checked.indexOf(checked.get(i)) != i) {
                    problems.add(new RecipeProblem(where, fullKey + "[" + i + "]",
                            "'" + checked.get(i) + "' is listed twice"));
                    return null;
                }
            }
        }
        return Collections.unmodifiableList(checked);
    }

    private Object checkOne(Object value, String fullKey, SourceLocation where, List<RecipeProblem> problems) {
        Object checked = switch (kind) {
            case INT -> Values.asLong(value);
            case DOUBLE -> Values.asDouble(value);
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case STRING, CHOICE -> value instanceof String ? value : null;
            case SECTION -> value instanceof Settings section ? nested.validate(section, problems) : null;
            case OPEN_SECTION -> value instanceof Settings ? value : null;
        };
        if (checked == null) {
            problems.add(new RecipeProblem(where, fullKey, Values.wrongType(expected(), value)));
            return null;
        }
        String limitError = limitError(checked);
        if (limitError != null) {
            problems.add(new RecipeProblem(where, fullKey, limitError));
            return null;
        }
        return checked;
    }

    private String expected() {
        return switch (kind) {
            case INT -> "an integer";
            case DOUBLE -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING, CHOICE -> "a string";
            case SECTION, OPEN_SECTION -> "a mapping";
        };
    }

    /** The range or choice violation of a well-typed value, or null if it is acceptable. */
    private String limitError(Object value) {
        if (kind == Kind.CHOICE && !choices.contains(value)) {
            return "must be one of " + choices + ", got '" + value + "'"
                    + Suggestions.hint((String) value, choices);
        }
        boolean outOfRange = switch (kind) {
            case INT -> (Long) value < min.longValue() || (Long) value > max.longValue();
            case DOUBLE -> !((Double) value >= min.doubleValue() && (Double) value <= max.doubleValue());
            default -> false;
        };
        if (!outOfRange) {
            return null;
        }
        String range = rangeText();
        return range.isEmpty() ? "must not be NaN" : "must be " + range + ", got " + value;
    }

    /** The bounds in words ({@code between 1 and 10}, {@code at least 0}), or "" when unbounded. */
    private String rangeText() {
        if (min == null) {
            return "";
        }
        boolean hasMin = kind == Kind.INT ? min.longValue() != Long.MIN_VALUE : min.doubleValue() > -Double.MAX_VALUE;
        boolean hasMax = kind == Kind.INT ? max.longValue() != Long.MAX_VALUE : max.doubleValue() < Double.MAX_VALUE;
        if (hasMin && hasMax) {
            return "between " + min + " and " + max;
        } else if (hasMin) {
            return "at least " + min;
        } else if (hasMax) {
            return "at most " + max;
        }
        return "";
    }

    /** Help lines for this key (and the keys of nested sections), each prefixed with {@code prefix}. */
    List<String> describe(String prefix) {
        String type;
        if (kind == Kind.CHOICE) {
            type = list ? "list of distinct values among " + choices : "one of " + choices;
        } else {
            type = list ? "list of " + kind.label + "s" : kind.label;
        }
        StringBuilder line = new StringBuilder(prefix).append(key).append(": ").append(type);
        if (required()) {
            line.append(", required");
        } else if (defaultValue != null) {
            line.append(", default ").append(defaultValue);
        }
        String range = rangeText();
        if (!range.isEmpty()) {
            line.append(", ").append(range);
        }
        line.append(" - ").append(doc);
        List<String> lines = new ArrayList<>(List.of(line.toString()));
        if (nested != null) {
            for (String nestedKey : nested.keys()) {
                lines.addAll(nested.field(nestedKey).describe(prefix + key + (list ? "[]." : ".")));
            }
        }
        return lines;
    }
}
