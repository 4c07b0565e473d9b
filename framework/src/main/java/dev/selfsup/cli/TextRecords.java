package dev.selfsup.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.api.Sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of {@code embed} and {@code predict} for a text run given as records instead of one file per sample:
 * every non-blank line of the input files (or of standard input, for {@code -}) one text, or JSON Lines whose
 * field holds the text. Each record is named {@code <file>:<line>}. Input must be UTF-8; an invalid byte is an
 * error naming the file and the offset, a malformed JSON line the file and the line.
 */
final class TextRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The records read.
     *
     * @param names per record, {@code <file>:<line>} ({@code stdin:<line>} for standard input)
     * @param samples per record, an unlabelled sample with the {@link Sample#TEXT} field
     */
    record Records(List<String> names, List<Sample> samples) {
    }

    private TextRecords() {
    }

    /**
     * Reads records.
     *
     * @param inputs files, folders or globs ({@link InputFiles}), or {@code -} for standard input
     * @param jsonField the field holding the text of JSON Lines, or null for plain lines
     * @param stdin standard input
     * @return the records, in input order
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException naming the file (and line or offset) of invalid input
     */
    static Records read(List<String> inputs, String jsonField, InputStream stdin) throws IOException {
        List<String> names = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        for (String input : inputs) {
            if (input.equals("-")) {
                add("stdin", stdin.readAllBytes(), jsonField, names, samples);
                continue;
            }
            for (Path file : InputFiles.expand(List.of(input))) {
                add(file.toString(), Files.readAllBytes(file), jsonField, names, samples);
            }
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("the inputs " + inputs + " hold no text (every line is blank)");
        }
        return new Records(names, samples);
    }

    private static void add(String source, byte[] bytes, String jsonField, List<String> names, List<Sample> samples) {
        String[] lines = utf8(source, bytes).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = i == 0 && lines[0].startsWith("\uFEFF") ? lines[0].substring(1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            String text = line;
            if (jsonField != null) {
                try {
                    JsonNode value = JSON.readTree(line).get(jsonField);
                    if (value == null || !value.isTextual()) {
                        throw new IllegalArgumentException(source + ":" + (i + 1) + ": no text field '" + jsonField
                                + "'");
                    }
                    text = value.asText();
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalArgumentException(source + ":" + (i + 1) + ": not a JSON object: "
                            + e.getOriginalMessage(), e);
                }
            }
            names.add(source + ":" + (i + 1));
            samples.add(Sample.unlabelled(Sample.TEXT, text));
        }
    }

    private static String utf8(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            return decoder.decode(in).toString();
        } catch (CharacterCodingException e) {
            int offset = firstInvalid(bytes);
            throw new IllegalArgumentException(source + " is not valid UTF-8 at byte offset " + offset
                    + "; convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)", e);
        }
    }

    /** The offset of the first byte that does not decode. */
    private static int firstInvalid(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }
}
