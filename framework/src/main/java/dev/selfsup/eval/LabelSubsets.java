package dev.selfsup.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/** Seeded, stratified selection of the labelled training rows used by a probe. */
public final class LabelSubsets {

    private LabelSubsets() {
    }

    /**
     * Picks a stratified subset: for each class present, {@code max(1, round(fraction * classCount))} rows
     * taken from a shuffle seeded by {@code seed} and the class index.
     *
     * @param labels   class index per row (non-negative)
     * @param fraction share of each class to keep, in {@code (0, 1]}; {@code 1.0} keeps every row
     * @param seed     the seed; equal seeds give equal subsets
     * @return the selected row indices, ascending
     */
    public static int[] stratified(int[] labels, double fraction, long seed) {
        if (!(fraction > 0.0 && fraction <= 1.0)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        if (fraction == 1.0) {
            return IntStream.range(0, labels.length).toArray();
        }
        List<List<Integer>> byClass = rowsByClass(labels);
        List<Integer> chosen = new ArrayList<>();
        for (int label = 0; label < byClass.size(); label++) {
            List<Integer> rows = byClass.get(label);
            if (rows.isEmpty()) {
                continue;
            }
            int take = (int) Math.min(rows.size(), Math.max(1, Math.round(fraction * rows.size())));
            shuffleFirst(rows, take, new SplittableRandom(seed * 1_000_003L + label));
            chosen.addAll(rows.subList(0, take));
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /**
     * Carves a validation part out of a labelled subset, stratified: from each class with at least two rows,
     * {@code round(fraction * count)} rows (at least one, and never all of them), taken from a shuffle seeded by
     * {@code seed} and the class.
     *
     * @param labels the class of each row of the subset
     * @param fraction the share to hold out, in {@code [0, 1)}
     * @param seed the seed
     * @return positions (into {@code labels}) of the validation rows, ascending; empty when nothing can be held out
     */
    public static int[] validationSplit(int[] labels, double fraction, long seed) {
        if (!(fraction >= 0.0 && fraction < 1.0)) {
            throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        }
        if (fraction == 0.0) {
            return new int[0];
        }
        List<List<Integer>> byClass = rowsByClass(labels);
        List<Integer> chosen = new ArrayList<>();
        for (int label = 0; label < byClass.size(); label++) {
            List<Integer> rows = byClass.get(label);
            if (rows.size() < 2) {
                continue;
            }
            int take = (int) Math.min(rows.size() - 1, Math.max(1, Math.round(fraction * rows.size())));
            shuffleFirst(rows, take, new SplittableRandom(seed * 1_000_033L + label));
            chosen.addAll(rows.subList(0, take));
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** The rows of each class, in row order; a negative label is refused. */
    private static List<List<Integer>> rowsByClass(int[] labels) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int row = 0; row < labels.length; row++) {
            if (labels[row] < 0) {
                throw new IllegalArgumentException("negative label at row " + row);
            }
            while (byClass.size() <= labels[row]) {
                byClass.add(new ArrayList<>());
            }
            byClass.get(labels[row]).add(row);
        }
        return byClass;
    }

    /** Partial Fisher-Yates: the first {@code take} slots end up a uniform sample. */
    private static void shuffleFirst(List<Integer> rows, int take, SplittableRandom random) {
        for (int i = 0; i < take; i++) {
            int j = i + random.nextInt(rows.size() - i);
            Integer swap = rows.get(i);
            rows.set(i, rows.get(j));
            rows.set(j, swap);
        }
    }
}
