package dev.selfsup.train;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Appends one JSON object per line to {@code metrics.jsonl}, flushed per line so a crash loses nothing
 * already logged, and forwards every record to listeners (embedding applications, tests).
 */
public final class MetricsSink implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter writer;
    private final List<Consumer<Map<String, Object>>> listeners = new ArrayList<>();

    /**
     * Opens (appending to) a metrics file.
     *
     * @param file the file
     * @throws UncheckedIOException if it cannot be opened
     */
    public MetricsSink(Path file) {
        try {
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics file " + file, e);
        }
    }

    /**
     * Registers a listener called with every record.
     *
     * @param listener the listener
     */
    public void addListener(Consumer<Map<String, Object>> listener) {
        listeners.add(listener);
    }

    /**
     * Writes one record.
     *
     * @param record field name to value (numbers, strings, booleans)
     */
    public void log(Map<String, Object> record) {
        try {
            writer.write(JSON.writeValueAsString(record));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics", e);
        }
        listeners.forEach(l -> l.accept(record));
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close metrics file", e);
        }
    }
}
