package dev.selfsup.text.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WordPiece trainer against HuggingFace's own encoder (DJL's JNI binding of {@code tokenizers}): the
 * {@code tokenizer.json} it writes loads, encodes what it was trained on without unknown pieces, splits words as
 * the trainer did, and handles the edge cases of real text.
 */
class WordPieceTrainerTest {

    private static final TokenizerSettings SETTINGS = new TokenizerSettings(300, 1, true, true);
    private static final List<String> CORPUS = corpus();

    @TempDir
    static Path dir;

    private static List<String> vocabulary;
    private static HuggingFaceTokenizer tokenizer;

    /** Sentences from a small fixed vocabulary of English words, with punctuation. */
    private static List<String> corpus() {
        String[] words = ("the quick brown fox jumps over lazy dog and then runs away from hunters who were "
                + "waiting near river bank while children played with their dogs nearby tomorrow jumping running "
                + "quickly quicker brownish foxes").split(" ");
        Random random = new Random(3);
        List<String> documents = new ArrayList<>();
        for (int d = 0; d < 200; d++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 12; w++) {
                text.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
                if (random.nextInt(6) == 0) {
                    text.append(random.nextBoolean() ? "," : "!");
                }
            }
            documents.add(Character.toUpperCase(text.charAt(0)) + text.substring(1) + ". Café, naïve — «ok»?");
        }
        return documents;
    }

    private static List<String> train(List<String> documents, TokenizerSettings settings) {
        WordPieceTrainer trainer = new WordPieceTrainer(settings);
        documents.forEach(trainer::add);
        return trainer.train();
    }

    @BeforeAll
    static void trainAndLoad() throws Exception {
        vocabulary = train(CORPUS, SETTINGS);
        Path file = dir.resolve("tokenizer.json");
        TokenizerJson.write(vocabulary, SETTINGS, file);
        tokenizer = HuggingFaceTokenizer.newInstance(file);
    }

    private static List<String> tokens(String text) {
        Encoding encoding = tokenizer.encode(text);
        return Arrays.asList(encoding.getTokens());
    }

    @Test
    void theVocabularyIsSpecialTokensAlphabetThenMergesAndIsDeterministic() {
        assertEquals(TokenizerSettings.specialTokens(), vocabulary.subList(0, 5));
        assertTrue(vocabulary.size() < 300, "merges stop when every word is one piece: " + vocabulary.size());
        assertEquals(80, train(CORPUS, new TokenizerSettings(80, 1, true, true)).size(), "or at the size asked for");
        assertEquals(vocabulary.size(), new HashSet<>(vocabulary).size(), "no piece twice");
        assertTrue(vocabulary.contains("t") && vocabulary.contains("##t"), "a character at the start and inside");
        assertTrue(vocabulary.contains("the") && vocabulary.contains("quick"), "frequent words are whole pieces");
        List<String> shuffled = new ArrayList<>(CORPUS);
        Collections.shuffle(shuffled, new Random(9));
        assertEquals(vocabulary, train(shuffled, SETTINGS), "the same vocabulary whatever the document order");
    }

    @Test
    void huggingFaceEncodesTheTrainingTextWithoutUnknownsAndSplitsWordsAsTheTrainerDid() {
        for (String document : CORPUS.subList(0, 20)) {
            List<String> pieces = tokens(document);
            assertEquals(TokenizerSettings.CLS, pieces.get(0));
            assertEquals(TokenizerSettings.SEP, pieces.get(pieces.size() - 1));
            assertFalse(pieces.contains(TokenizerSettings.UNK), document + " -> " + pieces);
            List<String> words = new ArrayList<>();
            for (String piece : pieces.subList(1, pieces.size() - 1)) {
                if (piece.startsWith(WordPieceTrainer.PREFIX)) {
                    words.set(words.size() - 1, words.get(words.size() - 1)
                            + piece.substring(WordPieceTrainer.PREFIX.length()));
                } else {
                    words.add(piece);
                }
            }
            assertEquals(BertPreTokenizer.words(SETTINGS.normalise(document)), words, document);
        }
        assertEquals(List.of("[CLS]", "the", "quick", "brown", "fox", "[SEP]"), tokens("The QUICK brown fox"));
    }

    @Test
    void edgeCasesOfRealText() {
        assertEquals(List.of("[CLS]", "[SEP]"), tokens(""), "empty text");
        assertEquals(List.of("[CLS]", "[SEP]"), tokens(" \t\n "), "white space only");
        assertEquals(List.of("[CLS]", "[UNK]", "[SEP]"), tokens("🦊"), "an emoji never seen");
        assertEquals(tokens("café"), tokens("cafe\u0301"), "a combining accent composes under NFKC");
        assertEquals(List.of("[CLS]", "[UNK]", "[SEP]"), tokens("the".repeat(40)), "a word over 100 characters");
        assertEquals(List.of("[CLS]", "[UNK]", "[SEP]"), tokens("лиса"), "an unseen script");
        // a control character is neither space nor punctuation: it stays inside its word, which has no pieces
        assertEquals(List.of("[CLS]", "[UNK]", "[SEP]"), tokens("fox\u0007dog"), "a control character");
        assertEquals(List.of("[CLS]", "fox", "[UNK]", "[SEP]"), tokens("fox \u0007"), "alone, it is one unknown");
        long[] ids = tokenizer.encode("the lazy dog").getIds();
        assertEquals("the lazy dog", tokenizer.decode(ids, true), "round trip");
    }

    @Test
    void refusesAVocabularyWithNoRoomAndRareWordsAreLeftOut() {
        assertThrows(IllegalArgumentException.class, () -> new TokenizerSettings(5, 1, true, true));
        List<String> withRare = train(List.of("common common common rare"), new TokenizerSettings(50, 2, false,
                false));
        assertTrue(withRare.contains("common"));
        assertFalse(withRare.contains("##a") && withRare.contains("rare"), "rare words are not trained on");
    }
}
