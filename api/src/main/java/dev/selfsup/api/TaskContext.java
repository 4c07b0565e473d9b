package dev.selfsup.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link PretextTaskProvider} builds its task from: the encoders it asked for, its validated settings,
 * what is known of the data, and how many views of each sample the recipe declares.
 */
public final class TaskContext {

    /** The name of a recipe's single {@code encoder:} section. */
    public static final String DEFAULT_ENCODER = "encoder";

    private final Settings settings;
    private final Map<String, Encoder> encoders;
    private final DataDescription data;
    private final int views;
    private final Function<String, Encoder> encoderFactory;

    /**
     * Creates a context whose encoders cannot be instantiated again ({@link #newEncoder} fails).
     *
     * @param settings the validated {@code pretext} section
     * @param encoders the encoders, by recipe name, in recipe order
     * @param data what is known of the data
     * @param views the number of views per sample, at least 1
     */
    public TaskContext(Settings settings, Map<String, Encoder> encoders, DataDescription data, int views) {
        this(settings, encoders, data, views, null);
    }

    /**
     * Creates a context.
     *
     * @param settings the validated {@code pretext} section
     * @param encoders the encoders, by recipe name, in recipe order
     * @param data what is known of the data
     * @param views the number of views per sample, at least 1
     * @param encoderFactory builds a new instance of the named encoder (same settings, same prepared artifacts),
     *     or {@code null} if none can be built
     */
    public TaskContext(Settings settings, Map<String, Encoder> encoders, DataDescription data, int views,
                       Function<String, Encoder> encoderFactory) {
        if (encoders.isEmpty()) {
            throw new IllegalArgumentException("a task needs at least one encoder");
        }
        if (views < 1) {
            throw new IllegalArgumentException("views must be at least 1, got " + views);
        }
        this.settings = settings;
        this.encoders = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(encoders));
        this.data = data;
        this.views = views;
        this.encoderFactory = encoderFactory;
    }

    /**
     * Builds a new, independent instance of a named encoder, of the same architecture, settings and prepared
     * artifacts as {@link #encoder(String)}, with parameters of its own: for a task that keeps a second copy of its
     * encoder, such as an exponential-moving-average teacher.
     *
     * @param name the encoder's recipe name
     * @return the new encoder, uninitialised
     * @throws IllegalArgumentException if the recipe has no such encoder
     * @throws UnsupportedOperationException if this context was made without an encoder factory
     */
    public Encoder newEncoder(String name) {
        encoder(name);
        if (encoderFactory == null) {
            throw new UnsupportedOperationException("this task context cannot build encoders again");
        }
        return encoderFactory.apply(name);
    }

    /**
     * Returns the task's validated settings.
     *
     * @return the {@code pretext} section
     */
    public Settings settings() {
        return settings;
    }

    /**
     * Returns the encoders, by recipe name.
     *
     * @return the encoders, in recipe order
     */
    public Map<String, Encoder> encoders() {
        return encoders;
    }

    /**
     * Returns the task's only encoder.
     *
     * @return the encoder
     * @throws IllegalStateException if the context holds several
     */
    public Encoder encoder() {
        if (encoders.size() != 1) {
            throw new IllegalStateException("the task was given " + encoders.size() + " encoders " + encoders.keySet()
                    + "; ask for one by name");
        }
        return encoders.values().iterator().next();
    }

    /**
     * Returns the name of the task's only encoder.
     *
     * @return the name
     * @throws IllegalStateException if the context holds several
     */
    public String encoderName() {
        encoder();
        return encoders.keySet().iterator().next();
    }

    /**
     * Returns an encoder by name.
     *
     * @param name the recipe name
     * @return the encoder
     * @throws IllegalArgumentException if there is none of that name
     */
    public Encoder encoder(String name) {
        Encoder encoder = encoders.get(name);
        if (encoder == null) {
            throw new IllegalArgumentException("no encoder named '" + name + "'; the recipe has " + encoders.keySet());
        }
        return encoder;
    }

    /**
     * Returns a capability of the task's only encoder (see {@link Encoder#capability}).
     *
     * @param capability the capability interface
     * @param <T> its type
     * @return the capability, or empty if the encoder lacks it
     */
    public <T> Optional<T> encoderCapability(Class<T> capability) {
        return encoder().capability(capability);
    }

    /**
     * Returns what is known of the data before it is opened.
     *
     * @return the fields and classes
     */
    public DataDescription data() {
        return data;
    }

    /**
     * Returns the number of views of each sample the recipe declares.
     *
     * @return at least 1
     */
    public int views() {
        return views;
    }
}
