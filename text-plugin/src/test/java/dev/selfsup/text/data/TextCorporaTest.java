package dev.selfsup.text.data;

import dev.selfsup.api.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pinned corpora read from packages laid out as npm unpacks them. */
class TextCorporaTest {

    @TempDir
    Path work;

    private static String words(String prefix, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(prefix).append(i).append(' ');
        }
        return out.toString();
    }

    @Test
    void gutenbergHoldsOutEachBooksEndAndReadsTheKnownLatin1BooksAsLatin1() throws IOException {
        Path books = Files.createDirectories(work.resolve("package/gutenberg"));
        Files.writeString(books.resolve("austen-emma.txt"), words("emma", 1000));
        Files.write(books.resolve("chesterton-ball.txt"), ("Brunetière " + words("ball", 999))
                .getBytes(StandardCharsets.ISO_8859_1));
        TextSplit split = TextCorpora.gutenberg(work, 100, 0.2);
        assertEquals(16, split.train().size());
        assertEquals(4, split.test().size(), "the last 20% of each book");
        assertTrue(split.train().stream().anyMatch(d -> d.text().startsWith("Brunetière ")), "decoded as Latin-1");
        assertTrue(split.test().stream().allMatch(d -> Integer.parseInt(d.text().split(" ")[0]
                .replaceAll("[a-z]", "")) >= 799), "held-out passages are the ends of the books");
    }

    @Test
    void aBookThatIsNotUtf8IsNamedWithItsOffset() throws IOException {
        Path books = Files.createDirectories(work.resolve("package/gutenberg"));
        Files.write(books.resolve("austen-emma.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        DataException e = assertThrows(DataException.class, () -> TextCorpora.gutenberg(work, 100, 0.2));
        assertTrue(e.getMessage().contains("austen-emma.txt") && e.getMessage().contains("byte offset 3"),
                e.getMessage());
    }

    @Test
    void brownIsSplitByDocumentSoNoDocumentIsOnBothSides() throws IOException {
        Path folder = Files.createDirectories(work.resolve("package"));
        StringBuilder cats = new StringBuilder();
        for (String genre : List.of("news", "fiction")) {
            for (int d = 0; d < 10; d++) {
                String id = genre.charAt(0) + "0" + d;
                cats.append(id).append(' ').append(genre).append('\n');
                StringBuilder tagged = new StringBuilder();
                for (int w = 0; w < 450; w++) {
                    tagged.append(id).append("w").append(w).append("/nn ");
                }
                Files.writeString(folder.resolve(id), tagged.toString());
            }
        }
        Files.writeString(folder.resolve("cats.txt"), cats.toString());
        TextSplit split = TextCorpora.brown(work, 200, 0.2, 0, true);
        Set<String> trainDocuments = new HashSet<>();
        split.train().forEach(d -> trainDocuments.add(d.source().substring(0, d.source().indexOf('#'))));
        Set<String> testDocuments = new HashSet<>();
        split.test().forEach(d -> testDocuments.add(d.source().substring(0, d.source().indexOf('#'))));
        assertEquals(4, testDocuments.size(), "20% of each genre's 10 documents");
        assertTrue(testDocuments.stream().noneMatch(trainDocuments::contains), "a document on both sides");
        assertEquals(Set.of("news", "fiction"), new HashSet<>(TextSamples.classNamesOf(split.test())));
        assertFalse(split.train().get(0).text().contains("/nn"), "tags stripped");
        TextSplit unlabelled = TextCorpora.brown(work, 200, 0.2, 0, false);
        assertTrue(unlabelled.train().stream().allMatch(d -> d.label() == null));
        assertEquals(split.test().size(), unlabelled.test().size(), "the same split whether labelled or not");
    }

    @Test
    void spamAssassinPutsTheLaterMailOnTheTestSide() throws IOException {
        for (String group : List.of("easy-ham-1", "spam-1", "easy-ham-2", "spam-2")) {
            Path folder = Files.createDirectories(work.resolve("package/data").resolve(group));
            Files.writeString(folder.resolve("00001.txt"), "Subject: hello\n\nbody of " + group + "\n");
            Files.writeString(folder.resolve("00002.txt"), "Subject: empty\n\n  \n");
        }
        TextSplit split = TextCorpora.spamAssassin(work, MailText.Reading.DEFAULT);
        assertEquals(List.of("body of easy-ham-1\n", "body of spam-1\n"),
                split.train().stream().map(TextDocument::text).toList());
        assertEquals(List.of("ham", "spam"), split.test().stream().map(TextDocument::label).toList());
        assertEquals(4, split.blank(), "blank mails are counted, not lost silently");
        assertTrue(TextCorpora.spamAssassin(work, new MailText.Reading(true, true, true)).train().get(0).text().startsWith("Subject: hello"));
    }
}
