package dev.selfsup.api;

import java.util.List;

/** Conversions and descriptions shared by {@link Settings} getters and {@link SettingsSchema} checks. */
final class Values {

    private Values() {
    }

    /** Describes a value for error messages, e.g. {@code string 'abc'} or {@code integer 5}. */
    static String describe(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String s) {
            return "string '" + s + "'";
        } else if (value instanceof Long) {
            return "integer " + value;
        } else if (value instanceof Double) {
            return "number " + value;
        } else if (value instanceof Boolean) {
            return "boolean " + value;
        } else if (value instanceof List<?>) {
            return "a list";
        } else {
            return "a mapping";
        }
    }

    /** The value as an integer: a Long, or a Double without fraction; null otherwise. */
    static Long asLong(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return d.longValue();
        }
        return null;
    }

    /** The value as a double: a Long or a Double; null otherwise. */
    static Double asDouble(Object value) {
        if (value instanceof Long l) {
            return l.doubleValue();
        }
        return value instanceof Double d ? d : null;
    }

    /** The message for a value of the wrong type. */
    static String wrongType(String expected, Object found) {
        return "expected " + expected + ", found " + describe(found);
    }
}
