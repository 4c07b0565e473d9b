package dev.selfsup.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.selfsup.api.CrossModalEmbedder;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.eval.EvaluationReport;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Evaluates a model that embeds two modalities into one space ({@link CrossModalEmbedder}), beside the same model
 * untrained and beside chance: retrieval in both directions on held-out pairs (recall@k: the share of queries whose
 * own partner ranks among the k most similar of all held-out candidates; a candidate as similar as the partner
 * counts against it, so a constant embedding scores chance, not 100%), and zero-shot classification of each
 * labelled data set from its class names put into prompt templates (each class the mean of its prompts'
 * embeddings, CLIP's prompt ensembling). Every figure comes with its 95% Wilson interval over the test rows.
 */
public final class AlignmentEvaluation {

    private static final double Z_975 = 1.959963984540054;

    private final List<Integer> recallAt;
    private final List<String> templates;
    private final int maxQueries;
    private final int batchSize;
    private final PrintStream out;

    /**
     * Creates the evaluation.
     *
     * @param settings the validated {@code evaluate.alignment} section ({@code RecipeSchema}: recall_at, templates,
     *     max_queries)
     * @param batchSize how many samples are embedded at once
     * @param out where progress is printed
     */
    public AlignmentEvaluation(Settings settings, int batchSize, PrintStream out) {
        this.recallAt = settings.getIntList("recall_at");
        this.templates = settings.getStringList("templates");
        this.maxQueries = settings.getInt("max_queries");
        this.batchSize = batchSize;
        this.out = out;
    }

    /** A share with its 95% Wilson interval. */
    record Share(double value, double low, double high) {

        static Share of(long hits, long total) {
            double p = hits / (double) total;
            double z2 = Z_975 * Z_975;
            double centre = (p + z2 / (2 * total)) / (1 + z2 / total);
            double half = Z_975 * Math.sqrt(p * (1 - p) / total + z2 / (4.0 * total * total)) / (1 + z2 / total);
            return new Share(p, Math.max(0, centre - half), Math.min(1, centre + half));
        }

        String cell() {
            return String.format(Locale.ROOT, "%.1f%% (%.1f–%.1f)", 100 * value, 100 * low, 100 * high);
        }
    }

    /**
     * Evaluates retrieval on held-out pairs and zero-shot classification on labelled data sets, adding a section per
     * evaluation to the report.
     *
     * @param trained the trained model
     * @param untrained the same model before training
     * @param pairs held-out samples holding both sides' fields
     * @param labelled data sets to classify zero-shot, by name (those whose samples lack the non-text side's field
     *     are skipped)
     * @param report receives the sections
     * @param manager where embeddings are computed
     */
    public void evaluate(CrossModalEmbedder trained, CrossModalEmbedder untrained, SampleSource pairs,
                         Map<String, SampleSource> labelled, EvaluationReport report, NDManager manager) {
        List<String> sides = trained.sides();
        retrieval(trained, untrained, pairs, sides, report, manager);
        List<String> text = sides.stream().filter(side -> trained.modality(side).equals(Sample.TEXT)).toList();
        if (text.isEmpty()) {
            out.println("alignment: no side reads text, so there is no zero-shot classification from class names");
            return;
        }
        String other = sides.get(1 - sides.indexOf(text.get(0)));
        labelled.forEach((name, source) -> {
            if (source.size() > 0 && !source.classNames().isEmpty()
                    && source.get(0).fieldNames().contains(trained.modality(other))) {
                zeroShot(name, trained, untrained, source, report, manager);
            }
        });
    }

    private void retrieval(CrossModalEmbedder trained, CrossModalEmbedder untrained, SampleSource pairs,
                           List<String> sides, EvaluationReport report, NDManager manager) {
        int n = Math.min(pairs.size(), maxQueries);
        out.printf("alignment: retrieval among %d held-out pairs%n", n);
        List<String> header = new ArrayList<>(List.of("Direction", "k"));
        header.addAll(List.of(EvaluationReport.PRETRAINED, EvaluationReport.RANDOM_ENCODER, "chance"));
        List<List<String>> rows = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        long[][][] ranks = new long[2][][];
        int model = 0;
        for (CrossModalEmbedder embedder : List.of(trained, untrained)) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray a = embed(embedder, sides.get(0), pairs, n, scope);
                NDArray b = embed(embedder, sides.get(1), pairs, n, scope);
                ranks[model++] = new long[][] {partnerRanks(a, b), partnerRanks(b, a)};
            }
        }
        for (int direction = 0; direction < 2; direction++) {
            String name = sides.get(direction) + " → " + sides.get(1 - direction);
            for (int k : recallAt) {
                Share pretrained = recall(ranks[0][direction], k);
                Share random = recall(ranks[1][direction], k);
                double chance = Math.min(1.0, k / (double) n);
                rows.add(List.of(name, Integer.toString(k), pretrained.cell(), random.cell(),
                        String.format(Locale.ROOT, "%.1f%%", 100 * chance)));
                verdicts.add(String.format(Locale.ROOT, "%s recall@%d: %s", name, k,
                        compare(pretrained, random, chance)));
            }
        }
        report.addSection(new EvaluationReport.Section("alignment: retrieval", String.format(Locale.ROOT,
                "Recall@k among %d held-out pairs (each query's partner among all %d candidates), with the 95%% "
                        + "Wilson interval over the queries.", n, n), header, rows, verdicts));
    }

    private void zeroShot(String dataset, CrossModalEmbedder trained, CrossModalEmbedder untrained,
                          SampleSource source, EvaluationReport report, NDManager manager) {
        List<String> classes = source.classNames();
        out.printf("alignment: zero-shot classification of %s (%d samples, %d classes)%n", dataset, source.size(),
                classes.size());
        int[] counts = new int[classes.size()];
        for (int i = 0; i < source.size(); i++) {
            counts[source.label(i)]++;
        }
        int majority = java.util.Arrays.stream(counts).max().orElse(0);
        Share[] shares = new Share[2];
        double[] balanced = new double[2];
        int model = 0;
        for (CrossModalEmbedder embedder : List.of(trained, untrained)) {
            try (ZeroShotClassifier classifier = new ZeroShotClassifier(embedder, classes, templates, manager)) {
                long[] hitsPerClass = new long[classes.size()];
                for (int from = 0; from < source.size(); from += batchSize) {
                    List<Sample> batch = new ArrayList<>();
                    for (int i = from; i < Math.min(source.size(), from + batchSize); i++) {
                        batch.add(source.get(i));
                    }
                    long[] predicted = classifier.predict(batch);
                    for (int i = 0; i < predicted.length; i++) {
                        int label = source.label(from + i);
                        hitsPerClass[label] += predicted[i] == label ? 1 : 0;
                    }
                }
                shares[model] = Share.of(java.util.Arrays.stream(hitsPerClass).sum(), source.size());
                double recalls = 0;
                int present = 0;
                for (int c = 0; c < classes.size(); c++) {
                    if (counts[c] > 0) {
                        recalls += hitsPerClass[c] / (double) counts[c];
                        present++;
                    }
                }
                balanced[model++] = recalls / present;
            }
        }
        double chance = 1.0 / classes.size();
        List<List<String>> rows = List.of(List.of("accuracy", shares[0].cell(), shares[1].cell(),
                String.format(Locale.ROOT, "%.1f%% (majority class %.1f%%)", 100 * chance,
                        100.0 * majority / source.size())), List.of("balanced accuracy (mean recall per class)",
                String.format(Locale.ROOT, "%.1f%%", 100 * balanced[0]),
                String.format(Locale.ROOT, "%.1f%%", 100 * balanced[1]), String.format(Locale.ROOT, "%.1f%%",
                        100 * chance)));
        report.addSection(new EvaluationReport.Section("alignment: zero-shot, " + dataset, String.format(Locale.ROOT,
                "Accuracy on %d test samples of %d classes, each class the mean embedding of %d prompts (%s), with "
                        + "the 95%% Wilson interval.", source.size(), classes.size(), templates.size(),
                String.join(" | ", templates)), List.of("Metric", EvaluationReport.PRETRAINED,
                EvaluationReport.RANDOM_ENCODER, "chance"), rows,
                List.of("zero-shot accuracy: " + compare(shares[0], shares[1], chance), String.format(Locale.ROOT,
                        "balanced accuracy: pretrained %.1f%%, random encoder %.1f%%, chance %.1f%% (a model that "
                        + "puts everything in the largest class scores its share in accuracy, chance here)",
                        100 * balanced[0], 100 * balanced[1], 100 * chance))));
    }

    private NDArray embed(CrossModalEmbedder embedder, String side, SampleSource source, int n, NDManager manager) {
        NDList parts = new NDList();
        for (int from = 0; from < n; from += batchSize) {
            List<Sample> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + batchSize); i++) {
                batch.add(source.get(i));
            }
            parts.add(embedder.embed(side, batch, manager));
        }
        return parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
    }

    /**
     * For each query row, how many candidates are at least as similar as its own partner (the row of the same
     * index), itself excluded: 0 means the partner ranks first.
     */
    static long[] partnerRanks(NDArray queries, NDArray candidates) {
        NDArray similarity = queries.matMul(candidates.transpose());
        float[] values = similarity.toFloatArray();
        int n = (int) queries.getShape().get(0);
        long[] ranks = new long[n];
        for (int i = 0; i < n; i++) {
            float own = values[i * n + i];
            long rank = 0;
            for (int j = 0; j < n; j++) {
                if (j != i && values[i * n + j] >= own) {
                    rank++;
                }
            }
            ranks[i] = rank;
        }
        return ranks;
    }

    private static Share recall(long[] ranks, int k) {
        long hits = java.util.Arrays.stream(ranks).filter(r -> r < k).count();
        return Share.of(hits, ranks.length);
    }

    private static String compare(Share pretrained, Share random, double chance) {
        String versusRandom = pretrained.low() > random.high() ? "beats the random encoder"
                : pretrained.high() < random.low() ? "loses to the random encoder" : "ties the random encoder";
        String versusChance = pretrained.low() > chance ? "above chance" : pretrained.high() < chance
                ? "below chance" : "not distinguishable from chance";
        return String.format(Locale.ROOT, "pretrained %s %s (%s) and is %s (%.1f%%)", pretrained.cell(), versusRandom,
                random.cell(), versusChance, 100 * chance);
    }
}
