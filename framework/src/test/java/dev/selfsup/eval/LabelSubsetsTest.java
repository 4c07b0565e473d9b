package dev.selfsup.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class LabelSubsetsTest {

    /** 500 rows of class 0, 300 of class 1, 200 of class 2, interleaved. */
    private static int[] labels() {
        int[] labels = new int[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2;
        }
        return labels;
    }

    private static int[] countPerClass(int[] labels, int[] rows) {
        int[] counts = new int[3];
        for (int row : rows) {
            counts[labels[row]]++;
        }
        return counts;
    }

    @Test
    void takesTheRoundedShareOfEveryClass() {
        int[] labels = labels();
        assertArrayEquals(new int[] {50, 30, 20}, countPerClass(labels, LabelSubsets.stratified(labels, 0.1, 1)));
        assertArrayEquals(new int[] {5, 3, 2}, countPerClass(labels, LabelSubsets.stratified(labels, 0.01, 1)));
    }

    @Test
    void keepsAtLeastOneRowPerClass() {
        int[] labels = labels();
        assertArrayEquals(new int[] {1, 1, 1}, countPerClass(labels, LabelSubsets.stratified(labels, 0.0001, 1)));
    }

    @Test
    void isSortedDistinctAndDeterministic() {
        int[] labels = labels();
        int[] rows = LabelSubsets.stratified(labels, 0.1, 42);
        assertArrayEquals(rows, LabelSubsets.stratified(labels, 0.1, 42));
        assertArrayEquals(IntStream.of(rows).sorted().distinct().toArray(), rows);
        assertFalse(Arrays.equals(rows, LabelSubsets.stratified(labels, 0.1, 43)));
    }

    @Test
    void fullFractionKeepsAllRows() {
        int[] labels = labels();
        assertArrayEquals(IntStream.range(0, labels.length).toArray(), LabelSubsets.stratified(labels, 1.0, 7));
    }

    @Test
    void smallerFractionIsNotJustAPrefixOfTheRows() {
        int[] rows = LabelSubsets.stratified(labels(), 0.1, 3);
        assertEquals(100, rows.length);
        assertTrue(rows[rows.length - 1] > 500);
    }

    @Test
    void rejectsFractionsOutsideUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> LabelSubsets.stratified(labels(), 0.0, 1));
        assertThrows(IllegalArgumentException.class, () -> LabelSubsets.stratified(labels(), 1.5, 1));
    }

    @Test
    void validationIsStratifiedDeterministicAndLeavesEveryClassSomethingToFit() {
        int[] subset = LabelSubsets.stratified(labels(), 0.1, 3);
        int[] subsetLabels = IntStream.of(subset).map(i -> labels()[i]).toArray();
        int[] validation = LabelSubsets.validationSplit(subsetLabels, 0.2, 9);
        assertArrayEquals(validation, LabelSubsets.validationSplit(subsetLabels, 0.2, 9));
        assertArrayEquals(IntStream.of(validation).sorted().distinct().toArray(), validation);
        int[] perClass = new int[3];
        IntStream.of(validation).forEach(i -> perClass[subsetLabels[i]]++);
        assertArrayEquals(new int[] {10, 6, 4}, perClass, "20% of each class's 50, 30 and 20 rows");
        // one row per class: nothing can be held out without leaving a class nothing to fit on
        assertEquals(0, LabelSubsets.validationSplit(new int[] {0, 1, 2}, 0.2, 1).length);
        assertEquals(1, LabelSubsets.validationSplit(new int[] {0, 0, 1}, 0.2, 1).length);
        assertEquals(0, LabelSubsets.validationSplit(subsetLabels, 0.0, 1).length);
        assertThrows(IllegalArgumentException.class, () -> LabelSubsets.validationSplit(subsetLabels, 1.0, 1));
    }
}
