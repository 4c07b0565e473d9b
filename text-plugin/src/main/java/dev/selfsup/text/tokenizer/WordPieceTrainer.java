package dev.selfsup.text.tokenizer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * Trains a WordPiece vocabulary the way HuggingFace's {@code WordPieceTrainer} does: byte-pair merges over the
 * corpus's words, every piece after a word's first marked with the continuation prefix {@code ##}. No library here
 * trains vocabularies (docs/text.md), so this is written out; the result is a standard {@code tokenizer.json}
 * ({@link TokenizerJson}) that HuggingFace's tokenizers (DJL's in Java, {@code tokenizers} in Python) load and
 * encode with, greedily, longest piece first.
 *
 * <p>Deterministic: the same corpus and settings give the same vocabulary, whatever the order of the documents'
 * words in memory; equal pair counts are broken by the pieces' text.
 */
public final class WordPieceTrainer {

    /** The continuation prefix of WordPiece pieces. */
    public static final String PREFIX = "##";

    private final TokenizerSettings settings;
    private final Map<String, Long> wordCounts = new HashMap<>();

    /**
     * Creates a trainer.
     *
     * @param settings the normalisation, special tokens and vocabulary size
     */
    public WordPieceTrainer(TokenizerSettings settings) {
        this.settings = settings;
    }

    /**
     * Counts the words of one document (normalised as the settings say).
     *
     * @param text the document
     */
    public void add(String text) {
        for (String word : BertPreTokenizer.words(settings.normalise(text))) {
            wordCounts.merge(word, 1L, Long::sum);
        }
    }

    /**
     * Runs the merges and returns the vocabulary: the special tokens, the alphabet (each character seen, at the
     * start of a word and as a continuation), then one piece per merge, in the order merged.
     *
     * @return the pieces by id
     */
    public List<String> train() {
        List<Word> words = new ArrayList<>();
        wordCounts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            if (e.getValue() >= settings.minFrequency()) {
                words.add(new Word(split(e.getKey()), e.getValue()));
            }
        });
        List<String> vocabulary = new ArrayList<>(settings.specialTokens());
        Set<String> known = new HashSet<>(vocabulary);
        TreeSet<String> alphabet = new TreeSet<>();
        words.forEach(w -> alphabet.addAll(w.pieces));
        for (String piece : alphabet) {
            if (known.add(piece)) {
                vocabulary.add(piece);
            }
        }
        Map<Pair, Long> counts = new HashMap<>();
        Map<Pair, Set<Integer>> where = new HashMap<>();
        for (int w = 0; w < words.size(); w++) {
            countPairs(words.get(w), w, counts, where, +1);
        }
        PriorityQueue<Candidate> queue = new PriorityQueue<>();
        counts.forEach((pair, count) -> queue.add(new Candidate(pair, count)));
        while (vocabulary.size() < settings.vocabularySize() && !queue.isEmpty()) {
            Candidate best = queue.poll();
            long current = counts.getOrDefault(best.pair, 0L);
            if (current != best.count) {
                if (current > 0) {
                    queue.add(new Candidate(best.pair, current));
                }
                continue; // a stale entry
            }
            String merged = best.pair.left + best.pair.right.substring(PREFIX.length());
            if (known.add(merged)) {
                vocabulary.add(merged);
            }
            Set<Pair> touched = new HashSet<>();
            for (int w : new TreeSet<>(where.getOrDefault(best.pair, Set.of()))) {
                Word word = words.get(w);
                countPairs(word, w, counts, where, -1).forEach(touched::add);
                word.merge(best.pair, merged);
                countPairs(word, w, counts, where, +1).forEach(touched::add);
            }
            counts.remove(best.pair);
            where.remove(best.pair);
            for (Pair pair : touched) {
                Long count = counts.get(pair);
                if (count != null && count > 0 && !pair.equals(best.pair)) {
                    queue.add(new Candidate(pair, count));
                }
            }
        }
        return Collections.unmodifiableList(vocabulary);
    }

    /** Adds (or removes) a word's adjacent pairs to the counts; returns the pairs it has. */
    private static List<Pair> countPairs(Word word, int index, Map<Pair, Long> counts, Map<Pair, Set<Integer>> where,
                                         int sign) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < word.pieces.size(); i++) {
            Pair pair = new Pair(word.pieces.get(i), word.pieces.get(i + 1));
            pairs.add(pair);
            counts.merge(pair, sign * word.count, Long::sum);
            if (sign > 0) {
                where.computeIfAbsent(pair, p -> new HashSet<>()).add(index);
            }
        }
        return pairs;
    }

    /** The word as pieces: its first character, then {@code ##}-prefixed characters. */
    private static List<String> split(String word) {
        List<String> pieces = new ArrayList<>();
        word.codePoints().forEach(c -> pieces.add((pieces.isEmpty() ? "" : PREFIX) + new String(Character.toChars(c))));
        return pieces;
    }

    private record Pair(String left, String right) {
    }

    /** A pair with the count it had when queued; the most frequent first, then by text. */
    private record Candidate(Pair pair, long count) implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate other) {
            int byCount = Long.compare(other.count, count);
            if (byCount != 0) {
                return byCount;
            }
            int byLeft = pair.left.compareTo(other.pair.left);
            return byLeft != 0 ? byLeft : pair.right.compareTo(other.pair.right);
        }
    }

    private static final class Word {
        private final List<String> pieces;
        private final long count;

        Word(List<String> pieces, long count) {
            this.pieces = new ArrayList<>(pieces);
            this.count = count;
        }

        void merge(Pair pair, String merged) {
            for (int i = 0; i + 1 < pieces.size(); i++) {
                if (pieces.get(i).equals(pair.left) && pieces.get(i + 1).equals(pair.right)) {
                    pieces.set(i, merged);
                    pieces.remove(i + 1);
                }
            }
        }
    }
}
