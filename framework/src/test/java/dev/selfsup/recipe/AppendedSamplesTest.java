package dev.selfsup.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppendedSamplesTest {

    /** {@code size} samples whose text is {@code prefix + index}, labelled {@code index % 2} under two classes. */
    private static SampleSource source(String prefix, int size) {
        return new SampleSource() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Sample get(int index) {
                return Sample.labelled(Sample.TEXT, prefix + index, index % 2).with("image", "picture " + index);
            }

            @Override
            public List<String> classNames() {
                return List.of(prefix + "-even", prefix + "-odd");
            }
        };
    }

    @Test
    void appendsInOrderKeepingOnlyTheFirstSourcesLabels() {
        AppendedSamples all = new AppendedSamples(List.of(source("main", 3), source("empty", 0), source("extra", 2),
                source("more", 1)));
        assertEquals(6, all.size());
        assertEquals(List.of("main-even", "main-odd"), all.classNames());
        List<String> texts = java.util.stream.IntStream.range(0, 6).mapToObj(i -> all.get(i).get(Sample.TEXT,
                String.class)).toList();
        assertEquals(List.of("main0", "main1", "main2", "extra0", "extra1", "more0"), texts);
        assertEquals(1, all.label(1));
        assertEquals(1, all.get(1).label().getAsInt());
        assertEquals(-1, all.label(4));
        assertTrue(all.get(4).label().isEmpty());
        assertEquals("picture 1", all.get(4).get("image", String.class));
        assertThrows(IndexOutOfBoundsException.class, () -> all.get(6));
    }
}
