package dev.selfsup.vision.augment;

import dev.selfsup.api.Image;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomShiftTest {

    /** A 3x4 image with pixel values 1..12, row by row. */
    private static Image counting() {
        float[] p = new float[12];
        for (int i = 0; i < 12; i++) {
            p[i] = i + 1;
        }
        return new Image(1, 3, 4, p);
    }

    @Test
    void shiftsRowsAndColumnsAndFillsWithZeros() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 2, 3, 0, 5, 6, 7}, RandomShift.shift(counting(), 1, 1).pixels());
        assertArrayEquals(new float[] {7, 8, 0, 0, 11, 12, 0, 0, 0, 0, 0, 0},
                RandomShift.shift(counting(), -1, -2).pixels());
        assertArrayEquals(counting().pixels(), RandomShift.shift(counting(), 0, 0).pixels());
    }

    @Test
    void drawsEveryShiftInRange() {
        RandomShift shift = new RandomShift(2);
        Set<String> seen = new HashSet<>();
        for (int seed = 0; seed < 200; seed++) {
            seen.add(java.util.Arrays.toString(shift.apply(counting(), new Random(seed)).pixels()));
        }
        assertEquals(25, seen.size(), "all 5 x 5 shifts occur");
        assertTrue(seen.contains(java.util.Arrays.toString(counting().pixels())));
    }
}
