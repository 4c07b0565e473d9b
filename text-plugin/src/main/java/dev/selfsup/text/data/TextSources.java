package dev.selfsup.text.data;

import dev.selfsup.api.data.DataFiles;
import dev.selfsup.api.data.Utf8Text;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.opencsv.CSVReader;
import com.opencsv.exceptions.CsvException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The text sources any user has: a folder of plain-text files (a document per file or per line), JSONL or CSV with
 * a text column, and a folder per label. Every file is read as strict UTF-8 ({@link Utf8Text}); a file that cannot
 * be read or parsed is an error naming it (and the line or byte offset), and nothing is dropped silently: blank
 * documents are the only ones left out, and their number is kept ({@link Corpus#blank()}).
 */
public final class TextSources {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TextSources() {
    }

    /**
     * Documents read from a source, and how many blank ones were left out.
     *
     * @param documents the documents, in file order
     * @param blank documents (files or lines) that were empty or white space only
     */
    public record Corpus(List<TextDocument> documents, int blank) {
    }

    /**
     * Reads every {@code .txt} file under a folder, in path order.
     *
     * @param folder the folder
     * @param perLine each non-blank line a document, else each file one
     * @param label the label of every document, or {@code null}
     * @return the corpus
     * @throws IOException naming the first file that cannot be read
     */
    public static Corpus folder(Path folder, boolean perLine, String label) throws IOException {
        List<TextDocument> documents = new ArrayList<>();
        int blank = 0;
        for (Path file : textFiles(folder)) {
            String text = Utf8Text.read(file);
            String name = folder.relativize(file).toString();
            if (perLine) {
                String[] lines = text.split("\r?\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (lines[i].isBlank()) {
                        blank += i < lines.length - 1 || !lines[i].isEmpty() ? 1 : 0; // not the final newline
                    } else {
                        documents.add(new TextDocument(lines[i], label, name + ":" + (i + 1)));
                    }
                }
            } else if (text.isBlank()) {
                blank++;
            } else {
                documents.add(new TextDocument(text, label, name));
            }
        }
        return new Corpus(documents, blank);
    }

    /**
     * Reads a folder holding one sub-folder per label, each with {@code .txt} files (a document each).
     *
     * @param root the folder
     * @return the corpus, labels in sub-folder order
     * @throws IOException naming the first file that cannot be read
     */
    public static Corpus labelledFolders(Path root) throws IOException {
        List<TextDocument> documents = new ArrayList<>();
        int blank = 0;
        List<Path> labels;
        try (Stream<Path> entries = Files.list(root)) {
            labels = entries.filter(Files::isDirectory).sorted().toList();
        }
        if (labels.isEmpty()) {
            throw new IOException(root + " has no label folders (one sub-folder per class, holding .txt files)");
        }
        for (Path label : labels) {
            Corpus one = folder(label, false, label.getFileName().toString());
            for (TextDocument d : one.documents()) {
                documents.add(new TextDocument(d.text(), d.label(), label.getFileName() + "/" + d.source()));
            }
            blank += one.blank();
        }
        return new Corpus(documents, blank);
    }

    /**
     * Reads JSON Lines: one object per line, its text in {@code textField} and, optionally, its label in
     * {@code labelField}.
     *
     * @param file the file
     * @param textField the text's field
     * @param labelField the label's field, or {@code null}
     * @return the corpus
     * @throws IOException naming the file and line of the first line that is not such an object
     */
    public static Corpus jsonl(Path file, String textField, String labelField) throws IOException {
        String[] lines = Utf8Text.read(file).split("\r?\n");
        List<TextDocument> documents = new ArrayList<>();
        int blank = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(lines[i]);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(file + ":" + (i + 1) + ": not a JSON object: " + e.getOriginalMessage(), e);
            }
            JsonNode text = node == null ? null : node.get(textField);
            if (text == null || !text.isTextual()) {
                throw new IOException(file + ":" + (i + 1) + ": no text field '" + textField + "'");
            }
            String label = labelField == null ? null : textOf(node.get(labelField), file, i + 1, labelField);
            if (text.asText().isBlank()) {
                blank++;
            } else {
                documents.add(new TextDocument(text.asText(), label, file.getFileName() + ":" + (i + 1)));
            }
        }
        return new Corpus(documents, blank);
    }

    /**
     * Reads CSV with a header row: its text in column {@code textColumn} and, optionally, its label in
     * {@code labelColumn}. Quoted fields may hold commas and newlines.
     *
     * @param file the file
     * @param textColumn the text's column
     * @param labelColumn the label's column, or {@code null}
     * @return the corpus
     * @throws IOException naming the file (and the record) if it cannot be parsed or lacks the columns
     */
    public static Corpus csv(Path file, String textColumn, String labelColumn) throws IOException {
        List<String[]> rows;
        try (CSVReader reader = new CSVReader(new StringReader(Utf8Text.read(file)))) {
            rows = reader.readAll();
        } catch (CsvException e) {
            throw new IOException(file + ": not valid CSV at line " + e.getLineNumber() + ": " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IOException(file + " is empty: it needs a header row naming the column '" + textColumn + "'");
        }
        List<String> header = List.of(rows.get(0));
        int text = column(header, textColumn, file);
        int label = labelColumn == null ? -1 : column(header, labelColumn, file);
        List<TextDocument> documents = new ArrayList<>();
        int blank = 0;
        for (int r = 1; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row.length != header.size()) {
                throw new IOException(file + ": record " + r + " has " + row.length + " fields, the header "
                        + header.size());
            }
            if (row[text].isBlank()) {
                blank++;
            } else {
                documents.add(new TextDocument(row[text], label < 0 ? null : row[label], file.getFileName()
                        + ": record " + r));
            }
        }
        return new Corpus(documents, blank);
    }

    private static int column(List<String> header, String name, Path file) throws IOException {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IOException(file + " has no column '" + name + "'; its header is " + header);
        }
        return index;
    }

    private static String textOf(JsonNode value, Path file, int line, String field) throws IOException {
        if (value == null || value.isNull() || value.isContainerNode()) {
            throw new IOException(file + ":" + line + ": no label field '" + field + "'");
        }
        return value.asText();
    }

    private static List<Path> textFiles(Path folder) {
        return DataFiles.list(folder, Set.of(".txt"));
    }
}
