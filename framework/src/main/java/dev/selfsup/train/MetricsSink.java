package dev.selfsup.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.data.AtomicFiles;
import dev.selfsup.data.ErrorText;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON object per line to {@code metrics.jsonl}, flushed per line so a crash loses nothing
 * already logged, and forwards every record to listeners (embedding applications, tests).
 */
public final class MetricsSink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsSink.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter writer;
    private final List<Consumer<Map<String, Object>>> listeners = new ArrayList<>();

    /**
     * Opens (appending to) a metrics file.
     *
     * @param file the file
     * @throws UncheckedIOException if it cannot be opened
     */
    public MetricsSink(Path file) {
        this.file = file;
        try {
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics file " + file + ": " + ErrorText.describe(e), e);
        }
    }

    /**
     * Drops the records of steps after {@code step}, atomically, so that a resumed run's metrics read as
     * if it had never been interrupted.
     *
     * @param file the metrics file (nothing happens if it does not exist)
     * @param step the last step to keep
     * @return the number of records dropped
     */
    public static int truncateAfter(Path file, long step) {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            List<String> kept = new ArrayList<>();
            int dropped = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record;
                try {
                    record = JSON.readTree(line);
                } catch (IOException e) {
                    dropped++; // a line cut short by a kill
                    continue;
                }
                if (record.has("step") && record.get("step").asLong() > step) {
                    dropped++;
                } else {
                    kept.add(line);
                }
            }
            AtomicFiles.write(file, temporary -> Files.write(temporary, kept, StandardCharsets.UTF_8));
            return dropped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite metrics file " + file + ": " + ErrorText.describe(e), e);
        }
    }

    /**
     * Returns the loss of the last record that has one, e.g. the final loss of a finished run.
     *
     * @param file the metrics file
     * @return the loss, or NaN if the file is missing or holds no readable record with a loss
     * @throws UncheckedIOException naming the file if it cannot be read
     */
    public static double lastLoss(Path file) {
        if (!Files.exists(file)) {
            return Double.NaN;
        }
        double loss = Double.NaN;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    JsonNode record = JSON.readTree(line);
                    if (record != null && record.has("loss") && record.get("loss").isNumber()) {
                        loss = record.get("loss").asDouble();
                    }
                } catch (IOException e) {
                    // a line cut short by a kill, or junk: not a record
                }
            }
            return loss;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metrics file " + file + ": " + ErrorText.describe(e), e);
        }
    }

    /**
     * Registers a listener called with every record (read-only). A listener that throws is dropped with a
     * warning; the run goes on.
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
            throw new UncheckedIOException("cannot write metrics file " + file + ": " + ErrorText.describe(e), e);
        }
        Map<String, Object> readOnly = Collections.unmodifiableMap(record);
        for (Consumer<Map<String, Object>> listener : new ArrayList<>(listeners)) {
            try {
                listener.accept(readOnly);
            } catch (RuntimeException e) { // an observer must not end hours of training: it is dropped instead
                listeners.remove(listener);
                LOG.warn("metrics listener {} threw {} and receives no more records; training goes on",
                        listener.getClass().getName(), ErrorText.describe(e));
            }
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close metrics file " + file + ": " + ErrorText.describe(e), e);
        }
    }
}
