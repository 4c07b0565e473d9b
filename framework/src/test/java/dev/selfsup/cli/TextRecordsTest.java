package dev.selfsup.cli;

import dev.selfsup.api.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextRecordsTest {

    @TempDir
    Path dir;

    private static List<String> texts(TextRecords.Records records) {
        return records.samples().stream().map(s -> s.get(Sample.TEXT, String.class)).toList();
    }

    @Test
    void linesOfFilesAndStandardInputAreTextsNamedByLine() throws IOException {
        Path file = Files.writeString(dir.resolve("mails.txt"), "\uFEFFfirst mail\n\n  \nsecond mail\r\n");
        TextRecords.Records records = TextRecords.read(List.of(file.toString(), "-"), null,
                new ByteArrayInputStream("from stdin\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("first mail", "second mail", "from stdin"), texts(records));
        assertEquals(List.of(file + ":1", file + ":4", "stdin:1"), records.names());
    }

    @Test
    void jsonLinesGiveTheirTextFieldAndBadLinesAreNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("a.jsonl"), "{\"text\": \"hello\", \"id\": 1}\n{\"id\": 2}\n");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TextRecords.read(List.of(file.toString()), "text", new ByteArrayInputStream(new byte[0])));
        assertTrue(missing.getMessage().contains("a.jsonl:2: no text field 'text'"), missing.getMessage());
        Files.writeString(file, "{\"text\": \"hello\"}\nnot json\n");
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> TextRecords.read(List.of(file.toString()), "text", new ByteArrayInputStream(new byte[0])));
        assertTrue(malformed.getMessage().contains("a.jsonl:2: not a JSON object"), malformed.getMessage());
        Files.writeString(file, "{\"text\": \"hello\"}\n");
        assertEquals(List.of("hello"), texts(TextRecords.read(List.of(file.toString()), "text",
                new ByteArrayInputStream(new byte[0]))));
    }

    @Test
    void invalidUtf8IsNamedWithItsOffset() throws IOException {
        Path file = Files.write(dir.resolve("latin.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TextRecords.read(List.of(file.toString()), null, new ByteArrayInputStream(new byte[0])));
        assertTrue(e.getMessage().contains("latin.txt is not valid UTF-8 at byte offset 3"), e.getMessage());
    }

}
