package dev.selfsup.vision.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the metadata of a whole Open Clip Art collection into captions, filtering its noise. A title shared by many
 * pictures names a collection, not a picture: the 1,375 generated star shapes are all titled {@code gramastar} and
 * icon sets are titled by their theme ({@code Lemon SVG theme}, {@code Part of the Flat Icon Collection (...)});
 * such pictures get no caption and are left out. Descriptions shared as widely (an e-mail address, "Part of Hotel
 * Icons Collection") or that are junk ({@code HASH(0x862bbb8)}) are dropped, the picture kept. A caption is the
 * title, the description when it says more, and the keywords (underscores as spaces, the exporter's {@code hash}
 * marker and words already in the title left out), cut to a number of words.
 */
final class ClipartCaptions {

    private static final Pattern JUNK_DESCRIPTION = Pattern.compile("(?i)hash\\(0x[0-9a-f]+\\)|.*@.*|https?://.*");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern VARIANT = Pattern.compile("(?i)\\(b and w\\)|\\bbw\\b|[0-9]+");

    private final Map<String, Integer> titleCounts = new HashMap<>();
    private final Map<String, Integer> descriptionCounts = new HashMap<>();
    private final int collectionSize;
    private final int maxWords;

    /**
     * Counts how often titles and descriptions recur.
     *
     * @param collection every picture's metadata
     * @param collectionSize how many pictures must share a title (or description) for it to name a collection
     * @param maxWords the most words a caption keeps
     */
    ClipartCaptions(List<ClipartMetadata> collection, int collectionSize, int maxWords) {
        for (ClipartMetadata metadata : collection) {
            titleCounts.merge(metadata.title(), 1, Integer::sum);
            descriptionCounts.merge(metadata.description(), 1, Integer::sum);
        }
        this.collectionSize = collectionSize;
        this.maxWords = maxWords;
    }

    /**
     * Whether a picture has a title of its own (not empty, not a collection's).
     *
     * @param metadata the picture's metadata
     * @return true if it can be captioned
     */
    boolean captioned(ClipartMetadata metadata) {
        return !metadata.title().isBlank() && titleCounts.getOrDefault(metadata.title(), 0) < collectionSize;
    }

    /**
     * The caption of a picture that {@link #captioned} accepts.
     *
     * @param metadata the picture's metadata
     * @return the caption
     */
    String caption(ClipartMetadata metadata) {
        String title = metadata.title().replace('_', ' ').strip();
        StringBuilder caption = new StringBuilder(title);
        String description = metadata.description().replace('_', ' ').strip();
        if (!description.isEmpty() && descriptionCounts.getOrDefault(metadata.description(), 0) < collectionSize
                && !JUNK_DESCRIPTION.matcher(description).matches()
                && !words(title).containsAll(words(description))) {
            caption.append(". ").append(description);
        }
        Set<String> seen = new LinkedHashSet<>(words(caption.toString()));
        List<String> keywords = new ArrayList<>();
        for (String keyword : metadata.keywords()) {
            String clean = keyword.replace('_', ' ').strip().toLowerCase(Locale.ROOT);
            if (!clean.isEmpty() && !clean.equals("hash") && seen.add(clean)) {
                keywords.add(clean);
            }
        }
        if (!keywords.isEmpty()) {
            caption.append(". ").append(String.join(", ", keywords));
        }
        String[] words = caption.toString().split("\\s+");
        return words.length <= maxWords ? caption.toString() : String.join(" ", List.of(words).subList(0, maxWords));
    }

    /**
     * The key that keeps variants of one picture (numbered, black-and-white) on one side of the split: the title,
     * lower-cased, without digits, "(B and W)" and punctuation.
     *
     * @param metadata the picture's metadata
     * @return the group key
     */
    static String group(ClipartMetadata metadata) {
        String key = VARIANT.matcher(metadata.title()).replaceAll(" ");
        return String.join(" ", words(key));
    }

    private static List<String> words(String text) {
        return List.of(NOT_WORD.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").strip().split(" "));
    }
}
