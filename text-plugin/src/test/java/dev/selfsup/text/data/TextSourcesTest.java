package dev.selfsup.text.data;

import dev.selfsup.api.data.Utf8Text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextSourcesTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void aFolderGivesADocumentPerFileOrPerLineAndCountsTheBlankOnes() throws IOException {
        write("books/a.txt", "\uFEFFfirst line\n\nsecond line\n");
        write("books/b.txt", "   \n");
        write("books/skip.md", "not text");
        TextSources.Corpus files = TextSources.folder(dir.resolve("books"), false, null);
        assertEquals(1, files.documents().size());
        assertEquals("first line\n\nsecond line\n", files.documents().get(0).text(), "the BOM is dropped");
        assertEquals(1, files.blank());
        TextSources.Corpus lines = TextSources.folder(dir.resolve("books"), true, "x");
        assertEquals(List.of("first line", "second line"), lines.documents().stream().map(TextDocument::text).toList());
        assertEquals("a.txt:3", lines.documents().get(1).source());
        assertEquals("x", lines.documents().get(0).label());
        assertEquals(2, lines.blank(), "the empty line of a.txt and the blank one of b.txt");
    }

    @Test
    void labelFoldersJsonlAndCsv() throws IOException {
        write("labelled/ham/1.txt", "hello there");
        write("labelled/spam/1.txt", "buy now");
        write("labelled/spam/2.txt", "win, win");
        TextSources.Corpus labelled = TextSources.labelledFolders(dir.resolve("labelled"));
        assertEquals(List.of("ham", "spam", "spam"), labelled.documents().stream().map(TextDocument::label).toList());

        Path jsonl = write("mail.jsonl", "{\"body\": \"one\", \"class\": \"ham\"}\n\n{\"body\": \"two\", \"class\": 3}\n");
        TextSources.Corpus json = TextSources.jsonl(jsonl, "body", "class");
        assertEquals(List.of("one", "two"), json.documents().stream().map(TextDocument::text).toList());
        assertEquals("3", json.documents().get(1).label());
        IOException missing = assertThrows(IOException.class, () -> TextSources.jsonl(jsonl, "text", null));
        assertTrue(missing.getMessage().contains("mail.jsonl:1: no text field 'text'"), missing.getMessage());
        Path broken = write("broken.jsonl", "{\"body\": \"ok\"}\n{not json\n");
        IOException parse = assertThrows(IOException.class, () -> TextSources.jsonl(broken, "body", null));
        assertTrue(parse.getMessage().contains("broken.jsonl:2: not a JSON object"), parse.getMessage());

        Path csv = write("reviews.csv", "id,text,label\n1,\"good, very good\",pos\n2,\"line one\nline two\",neg\n3, ,pos\n");
        TextSources.Corpus table = TextSources.csv(csv, "text", "label");
        assertEquals(List.of("good, very good", "line one\nline two"), table.documents().stream()
                .map(TextDocument::text).toList());
        assertEquals(List.of("pos", "neg"), table.documents().stream().map(TextDocument::label).toList());
        assertEquals(1, table.blank());
        IOException column = assertThrows(IOException.class, () -> TextSources.csv(csv, "body", null));
        assertTrue(column.getMessage().contains("has no column 'body'; its header is [id, text, label]"),
                column.getMessage());
    }

    @Test
    void invalidUtf8NamesTheFileAndTheByteOffset() throws IOException {
        Path latin1 = dir.resolve("old.txt");
        Files.write(latin1, "caf\u00e9 au lait".getBytes(StandardCharsets.ISO_8859_1));
        IOException e = assertThrows(IOException.class, () -> TextSources.folder(dir, false, null));
        assertTrue(e.getMessage().contains(latin1 + " is not valid UTF-8 at byte offset 3 (byte 0xe9)"),
                e.getMessage());
        byte[] truncated = "naïve".getBytes(StandardCharsets.UTF_8);
        IOException cut = assertThrows(IOException.class, () -> Utf8Text.decode(java.util.Arrays.copyOf(truncated,
                3), "cut.txt"));
        assertTrue(cut.getMessage().contains("cut.txt is not valid UTF-8 at byte offset 2"), cut.getMessage());
        assertEquals("emoji 🦊 and ç", Utf8Text.decode("emoji 🦊 and ç".getBytes(StandardCharsets.UTF_8), "ok"));
        IOException unreadable = assertThrows(IOException.class, () -> Utf8Text.read(dir.resolve("none.txt")));
        assertTrue(unreadable.getMessage().contains("none.txt"), unreadable.getMessage());
    }
}
