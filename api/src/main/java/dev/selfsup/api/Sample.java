package dev.selfsup.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One example of a data set: named fields ({@code image}, {@code text}, {@code audio}, ...) and an
 * optional class label. Immutable.
 */
public final class Sample {

    /** The field that holds an {@link Image}. */
    public static final String IMAGE = "image";
    /** The field that holds a {@link String} of text. */
    public static final String TEXT = "text";
    /** The field that holds audio samples. */
    public static final String AUDIO = "audio";

    private static final int NO_LABEL = -1;

    private final Map<String, Object> fields;
    private final int label;

    private Sample(Map<String, Object> fields, int label) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.label = label;
    }

    /**
     * Creates a sample with one field and a label.
     *
     * @param field the field name
     * @param value the value
     * @param label the class index, {@code >= 0}
     * @return the sample
     */
    public static Sample labelled(String field, Object value, int label) {
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0, got " + label);
        }
        return new Sample(Map.of(field, Objects.requireNonNull(value, field)), label);
    }

    /**
     * Creates an unlabelled sample with one field.
     *
     * @param field the field name
     * @param value the value
     * @return the sample
     */
    public static Sample unlabelled(String field, Object value) {
        return new Sample(Map.of(field, Objects.requireNonNull(value, field)), NO_LABEL);
    }

    /**
     * Creates a sample with several fields.
     *
     * @param fields the fields by name
     * @param label the class index or empty
     * @return the sample
     */
    public static Sample of(Map<String, Object> fields, OptionalInt label) {
        return new Sample(fields, label.orElse(NO_LABEL));
    }

    /**
     * Returns a field, checked against the expected type.
     *
     * @param name the field name
     * @param type the expected type
     * @param <T> the expected type
     * @return the value
     * @throws IllegalArgumentException if the field is missing or of another type
     */
    public <T> T get(String name, Class<T> type) {
        Object value = fields.get(name);
        if (value == null) {
            throw new IllegalArgumentException("sample has no field '" + name + "' (fields: " + fields.keySet() + ")");
        }
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("field '" + name + "' is a " + value.getClass().getSimpleName()
                    + ", not a " + type.getSimpleName());
        }
        return type.cast(value);
    }

    /**
     * Returns a copy with one field replaced or added, keeping the label (what an augmentation returns).
     *
     * @param name the field name
     * @param value the new value
     * @return the new sample
     */
    public Sample with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.put(name, value);
        return new Sample(copy, label);
    }

    /**
     * Returns the field names.
     *
     * @return the names, in insertion order
     */
    public java.util.Set<String> fieldNames() {
        return fields.keySet();
    }

    /**
     * Returns the class label, if the sample has one.
     *
     * @return the label
     */
    public OptionalInt label() {
        return label == NO_LABEL ? OptionalInt.empty() : OptionalInt.of(label);
    }
}
