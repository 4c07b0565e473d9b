package dev.selfsup.vision.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a table of pairs: CSV with a header row ({@code .csv}) or one JSON object per line ({@code .jsonl}), UTF-8.
 * Each record becomes the values of the columns asked for, with where it came from for messages.
 */
final class PairsFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One record.
     *
     * @param values the asked-for columns' values, by column
     * @param where {@code file:line} (JSONL) or {@code file: record N} (CSV)
     */
    record Row(Map<String, String> values, String where) {
    }

    private PairsFile() {
    }

    /**
     * Reads the file.
     *
     * @param file a {@code .csv} or {@code .jsonl} file
     * @param columns the columns every record must have (a JSON value may be a string or a number)
     * @return the records, in file order
     * @throws IOException naming the file and the record that is malformed or lacks a column
     */
    static List<Row> read(Path file, List<String> columns) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text = utf8(file);
        if (name.endsWith(".csv")) {
            return csv(file, text, columns);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return jsonl(file, text, columns);
        }
        throw new IOException(file + ": pairs are read from .csv or .jsonl files");
    }

    private static String utf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not valid UTF-8 (" + e.getMessage() + ")", e);
        }
    }

    private static List<Row> csv(Path file, String text, List<String> columns) throws IOException {
        List<String[]> records;
        try (CSVReader reader = new CSVReader(new StringReader(text))) {
            records = reader.readAll();
        } catch (CsvException e) {
            throw new IOException(file + ": not valid CSV at line " + e.getLineNumber() + ": " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new IOException(file + " is empty: it needs a header row naming the columns " + columns);
        }
        List<String> header = List.of(records.get(0));
        int[] at = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            at[c] = header.indexOf(columns.get(c));
            if (at[c] < 0) {
                throw new IOException(file + " has no column '" + columns.get(c) + "'; its header is " + header);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            String[] record = records.get(r);
            if (record.length == 1 && record[0].isBlank()) {
                continue;
            }
            if (record.length != header.size()) {
                throw new IOException(file + ": record " + r + " has " + record.length + " fields, the header "
                        + header.size());
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < columns.size(); c++) {
                values.put(columns.get(c), record[at[c]]);
            }
            rows.add(new Row(values, file + ": record " + r));
        }
        return rows;
    }

    private static List<Row> jsonl(Path file, String text, List<String> columns) throws IOException {
        String[] lines = text.split("\r?\n");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw new IOException(where + ": not a JSON object: " + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject()) {
                throw new IOException(where + ": not a JSON object");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (String column : columns) {
                JsonNode value = node.get(column);
                if (value == null || !value.isValueNode() || value.isNull()) {
                    throw new IOException(where + ": no string field '" + column + "'");
                }
                values.put(column, value.asText());
            }
            rows.add(new Row(values, where));
        }
        return rows;
    }
}
