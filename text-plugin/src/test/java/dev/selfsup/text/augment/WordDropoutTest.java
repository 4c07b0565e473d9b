package dev.selfsup.text.augment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.Augmentation;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordDropoutTest {

    private static final String CAPTION = "Bored dog. mammal, dog, animal, pet, sleepy";

    private static Augmentation dropout(double rate, boolean shuffle) {
        return new WordDropoutProvider().create(Settings.of(Map.of("rate", rate, "shuffle", shuffle,
                "probability", 1.0)));
    }

    @Test
    void dropsAboutTheRateKeepsOrderAndTheOtherFields() {
        Augmentation augmentation = dropout(0.3, false);
        Sample sample = Sample.labelled(Sample.TEXT, CAPTION, 2).with("image", "kept");
        List<String> words = List.of(CAPTION.split(" "));
        int kept = 0;
        for (int seed = 0; seed < 500; seed++) {
            Sample out = augmentation.apply(sample, new Random(seed));
            assertEquals("kept", out.get("image", String.class));
            assertEquals(2, out.label().getAsInt());
            List<String> left = List.of(out.get(Sample.TEXT, String.class).split(" "));
            int at = -1;
            for (String word : left) {
                int next = words.subList(at + 1, words.size()).indexOf(word);
                assertTrue(next >= 0, "order kept: " + left);
                at += next + 1;
            }
            kept += left.size();
        }
        assertEquals(0.7, kept / (500.0 * words.size()), 0.03);
    }

    @Test
    void isReproducibleFromItsStreamNeverEmptyAndShufflesWhenAsked() {
        Augmentation augmentation = dropout(0.9, true);
        Sample sample = Sample.unlabelled(Sample.TEXT, CAPTION);
        Set<String> seen = new HashSet<>();
        for (int seed = 0; seed < 100; seed++) {
            String a = augmentation.apply(sample, new Random(seed)).get(Sample.TEXT, String.class);
            assertEquals(a, augmentation.apply(sample, new Random(seed)).get(Sample.TEXT, String.class));
            assertTrue(!a.isBlank());
            seen.add(a);
        }
        assertTrue(seen.size() > 10);
        Augmentation shuffleOnly = dropout(0.0, true);
        String shuffled = shuffleOnly.apply(sample, new Random(1)).get(Sample.TEXT, String.class);
        assertEquals(new HashSet<>(Arrays.asList(CAPTION.split(" "))), new HashSet<>(Arrays.asList(
                shuffled.split(" "))));
        assertNotEquals(CAPTION, shuffled);
    }
}
