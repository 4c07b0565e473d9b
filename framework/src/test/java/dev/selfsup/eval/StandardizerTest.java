package dev.selfsup.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardizerTest {

    private static final float[][] ROWS = {{1f, 10f, 5f}, {3f, 20f, 5f}, {5f, 30f, 5f}, {7f, 40f, 5f}};

    @Test
    void aBrokenStatisticsFileIsNamed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("p.standardizer.json"), "{\"means\": [1");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> Standardizer.read(file));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().startsWith("cannot read the feature statistics " + file + ": "), e.getMessage());
    }

    @Test
    void fittedRowsGetZeroMeanAndUnitStd() {
        float[][] out = Standardizer.fit(ROWS).apply(ROWS);
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            double square = 0;
            for (float[] row : out) {
                mean += row[j];
                square += row[j] * row[j];
            }
            assertEquals(0.0, mean / out.length, 1e-6);
            assertEquals(1.0, square / out.length, 1e-5);
        }
    }

    @Test
    void constantFeatureIsOnlyCentred() {
        Standardizer standardizer = Standardizer.fit(ROWS);
        assertEquals(1.0, standardizer.scales()[2]);
        assertEquals(5.0, standardizer.means()[2]);
        // unseen variation stays on the input's scale instead of being multiplied by 1e6
        assertEquals(1.0f, standardizer.apply(new float[][] {{4f, 25f, 6f}})[0][2], 1e-6f);
    }

    @Test
    void appliesFittedStatisticsToOtherRowsWithoutTouchingInput() {
        Standardizer standardizer = Standardizer.fit(ROWS);
        float[][] other = {{4f, 25f, 5f}};
        float[][] out = standardizer.apply(other);
        assertNotSame(other[0], out[0]);
        assertArrayEquals(new float[] {4f, 25f, 5f}, other[0]);
        assertArrayEquals(new float[] {0f, 0f, 0f}, out[0], 1e-6f);
    }

    @Test
    void rejectsWrongWidth() {
        Standardizer standardizer = Standardizer.fit(ROWS);
        assertThrows(IllegalArgumentException.class, () -> standardizer.apply(new float[][] {{1f, 2f}}));
    }
}
