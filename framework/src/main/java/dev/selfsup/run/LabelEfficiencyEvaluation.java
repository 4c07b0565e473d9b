package dev.selfsup.run;

import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.eval.EvaluationReport;
import dev.selfsup.eval.FeatureTable;
import dev.selfsup.eval.LabelSubsets;
import dev.selfsup.eval.ProbeResult;
import dev.selfsup.eval.ProbeRunner;
import dev.selfsup.eval.ProbeSpec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Trains Tribuo probes on frozen features at several label fractions and scores them on the whole test
 * split, for each representation (pretrained encoder, random encoder, raw input). Only the training rows
 * some probe needs are embedded.
 */
final class LabelEfficiencyEvaluation {

    /** Neighbours of the default kNN probe (the recipe's {@code evaluate.probes[].k} default). */
    private static final int DEFAULT_K = 20;

    private final SampleSource train;
    private final SampleSource test;
    private final Settings evaluate;
    private final long seed;
    private final PrintStream log;
    private final Map<Double, int[]> subsets = new LinkedHashMap<>();
    private final int[] neededTrainRows;
    private final int[] allTestRows;
    private final List<ProbePlan> probes = new ArrayList<>();

    private record ProbePlan(String type, int k, List<Double> fractions) {
    }

    LabelEfficiencyEvaluation(SampleSource train, SampleSource test, Settings evaluate, long seed, PrintStream log) {
        this.train = train;
        this.test = test;
        this.evaluate = evaluate;
        this.seed = seed;
        this.log = log;
        List<Double> defaults = evaluate.getDoubleList("label_fractions");
        List<Settings> probeSettings = evaluate.getSectionList("probes");
        if (probeSettings.isEmpty()) {
            probes.add(new ProbePlan(ProbeSpec.LOGISTIC, 0, defaults));
            probes.add(new ProbePlan(ProbeSpec.KNN, DEFAULT_K, defaults));
        }
        for (Settings p : probeSettings) {
            List<Double> own = p.getDoubleList("label_fractions");
            probes.add(new ProbePlan(p.getString("type"), p.getInt("k"), own.isEmpty() ? defaults : own));
        }
        int[] labels = labels(train);
        TreeSet<Integer> union = new TreeSet<>();
        for (ProbePlan plan : probes) {
            for (double f : plan.fractions) {
                int[] rows = subsets.computeIfAbsent(f, x -> LabelSubsets.stratified(labels, x, seed));
                Arrays.stream(rows).forEach(union::add);
            }
        }
        neededTrainRows = union.stream().mapToInt(Integer::intValue).toArray();
        for (ProbePlan plan : probes) {
            for (double f : plan.fractions) {
                int k = neighbours(plan, f);
                if (k < plan.k) {
                    log.printf("warning: knn k=%d is more than the %d labelled samples per class of the %s%% "
                            + "subset (%d in all); it uses k=%d there%n", plan.k, k, percent(f),
                            subsets.get(f).length, k);
                }
            }
        }
        allTestRows = new int[test.size()];
        Arrays.setAll(allTestRows, i -> i);
    }

    /**
     * Embeds the needed rows with one representation and runs every probe on it.
     *
     * @param representation its name in the report
     * @param features computes features for rows of a split
     * @param report receives the results
     * @param modelDirectory where the probes are saved
     * @param publishedDirectory where {@code modelDirectory} will be moved, as the report records it
     */
    void evaluate(String representation, Function<SampleSource, Function<int[], float[][]>> features,
                  EvaluationReport report, Path modelDirectory, Path publishedDirectory) {
        long start = System.nanoTime();
        float[][] trainFeatures = features.apply(train).apply(neededTrainRows);
        float[][] testFeatures = features.apply(test).apply(allTestRows);
        log.printf("  %s: features for %d train + %d test rows in %.1f s%n", representation,
                neededTrainRows.length, allTestRows.length, (System.nanoTime() - start) / 1e9);
        FeatureTable testTable = new FeatureTable(testFeatures, labels(test), test.classNames());
        ProbeRunner runner = new ProbeRunner();
        for (ProbePlan plan : probes) {
            for (double fraction : plan.fractions) {
                FeatureTable subset = select(trainFeatures, subsets.get(fraction));
                ProbeResult result = runner.runOnSubset(representation, subset, testTable, plan.type,
                        neighbours(plan, fraction), fraction, modelDirectory);
                log.printf("  %-15s %-8s %5.1f%% labels (%d): accuracy %.2f%%  macro-F1 %.4f%n", representation,
                        plan.type, 100 * fraction, result.trainExamples(), 100 * result.accuracy(),
                        result.macroF1());
                report.add(result.movedTo(publishedDirectory));
            }
        }
    }

    private FeatureTable select(float[][] unionFeatures, int[] rows) {
        float[][] selected = new float[rows.length][];
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int position = Arrays.binarySearch(neededTrainRows, rows[i]);
            selected[i] = unionFeatures[position];
            labels[i] = train.label(rows[i]);
        }
        return new FeatureTable(selected, labels, train.classNames());
    }

    /**
     * The neighbours a kNN probe uses on a subset: its k, at most the subset's labelled samples per class
     * (at least 1). More would exceed the subset (Tribuo fails) or let the other classes outvote every class.
     */
    private int neighbours(ProbePlan plan, double fraction) {
        int perClass = Math.max(1, subsets.get(fraction).length / Math.max(1, train.classNames().size()));
        return Math.min(plan.k, perClass);
    }

    private static String percent(double fraction) {
        return java.math.BigDecimal.valueOf(100 * fraction).stripTrailingZeros().toPlainString();
    }

    private static int[] labels(SampleSource source) {
        int[] labels = new int[source.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = source.label(i);
            if (labels[i] < 0) {
                throw new IllegalArgumentException("evaluation needs labels, but sample " + i + " has none");
            }
        }
        return labels;
    }

    /**
     * Describes the plan for the report metadata.
     *
     * @return e.g. "logistic@[0.01, 0.1, 1.0]; knn(k=20)@[0.01, 0.1]"
     */
    String describe() {
        List<String> parts = new ArrayList<>();
        for (ProbePlan p : probes) {
            String clamped = p.fractions.stream().filter(f -> neighbours(p, f) < p.k)
                    .map(f -> "k=" + neighbours(p, f) + " at " + percent(f) + "%").reduce((a, b) -> a + ", " + b)
                    .map(text -> ", " + text).orElse("");
            parts.add((ProbeSpec.KNN.equals(p.type) ? "knn(k=" + p.k + clamped + ")" : p.type) + "@" + p.fractions);
        }
        return String.join("; ", parts) + "; head " + evaluate.getSection("head").getString("type");
    }
}
