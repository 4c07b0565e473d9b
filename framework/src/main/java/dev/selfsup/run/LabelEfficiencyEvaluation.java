package dev.selfsup.run;

import ai.djl.ndarray.NDManager;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.api.eval.ProtocolInput;
import dev.selfsup.api.eval.ProtocolResult;
import dev.selfsup.api.eval.TrainableRepresentation;
import dev.selfsup.eval.EvaluationReport;
import dev.selfsup.eval.LabelSubsets;
import dev.selfsup.eval.ProtocolFiles;
import dev.selfsup.eval.ProtocolOutcome;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.train.ProgressDisplay;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Runs the recipe's evaluation protocols on frozen features of each representation (pretrained encoder, random
 * encoder, raw input), at every label fraction and on several seeded, stratified label subsets per fraction, each
 * split into rows to fit and rows to make choices on; scores on the whole test split. Every representation sees
 * the same subsets, so their figures compare pair by pair. Only the training rows some subset holds are embedded,
 * once per representation, and shared by all protocols.
 */
final class LabelEfficiencyEvaluation {

    /** Rows embedded between two progress reports. */
    private static final int EMBEDDING_CHUNK = 2000;
    /** A protocol run shows progress once it has taken this long. */
    private static final long QUIET_NANOS = 5_000_000_000L;

    private final SampleSource train;
    private final SampleSource test;
    private final List<ValidatedRecipe.Protocol> protocols;
    private final Map<String, List<Double>> fractions = new LinkedHashMap<>();
    /** Per label fraction, per subset: the training rows, ascending. */
    private final Map<Double, List<int[]>> subsets = new LinkedHashMap<>();
    private final int[] neededTrainRows;
    private final double validationFraction;
    private final long seed;
    private final PrintStream log;
    private final boolean terminal;

    LabelEfficiencyEvaluation(SampleSource train, SampleSource test, Settings evaluate,
                              List<ValidatedRecipe.Protocol> protocols, long seed, PrintStream log, boolean terminal) {
        this.train = train;
        this.test = test;
        this.protocols = protocols;
        this.seed = seed;
        this.log = log;
        this.terminal = terminal;
        this.validationFraction = evaluate.getDouble("validation_fraction");
        List<Double> defaults = evaluate.getDoubleList("label_fractions");
        Settings counts = evaluate.getSection("subsets");
        int[] labels = labels(train);
        TreeSet<Integer> union = new TreeSet<>();
        for (ValidatedRecipe.Protocol protocol : protocols) {
            List<Double> own = protocol.settings().getDoubleList("label_fractions");
            List<Double> chosen = own.isEmpty() ? defaults : own;
            fractions.put(protocol.name(), chosen);
            for (double f : chosen) {
                subsets.computeIfAbsent(f, x -> {
                    List<int[]> drawn = new ArrayList<>();
                    for (int j = 0; j < subsetCount(counts, x); j++) {
                        drawn.add(LabelSubsets.stratified(labels, x, seed + j));
                    }
                    return drawn;
                }).forEach(rows -> Arrays.stream(rows).forEach(union::add));
            }
        }
        neededTrainRows = union.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Subsets at a fraction: every subset of 100% holds the same labels, so one is enough there. */
    private static int subsetCount(Settings counts, double fraction) {
        if (fraction >= 1.0) {
            return 1;
        }
        if (fraction <= 0.01 + 1e-12) {
            return counts.getInt("up_to_1_percent");
        }
        return fraction <= 0.1 + 1e-12 ? counts.getInt("up_to_10_percent") : counts.getInt("above_10_percent");
    }

    /**
     * Embeds the needed rows with one representation and runs every protocol on it.
     *
     * @param representation its name in the report
     * @param features computes features for rows of a split
     * @param encoder the encoder behind the features, for protocols that train it; {@code null} for the raw input
     * @param report receives the outcomes
     * @param modelDirectory where models are saved (the pretrained representation's first subset only), or
     *     {@code null} to save none
     * @param workRoot where protocols that train keep their checkpoints, one folder per run
     */
    void evaluate(String representation, Function<SampleSource, Function<int[], float[][]>> features,
                  RepresentationEncoder encoder, EvaluationReport report, Path modelDirectory, Path workRoot) {
        long start = System.nanoTime();
        ProgressDisplay progress = new ProgressDisplay(log, terminal, neededTrainRows.length + test.size(), 10);
        float[][] trainFeatures = embed(features.apply(train), neededTrainRows, 0, progress, representation);
        int[] allTestRows = new int[test.size()];
        Arrays.setAll(allTestRows, i -> i);
        float[][] testFeatures = embed(features.apply(test), allTestRows, neededTrainRows.length, progress,
                representation);
        double seconds = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "  %s: features for %d train + %d test rows in %.1f s (%.0f rows/s)%n",
                representation, neededTrainRows.length, allTestRows.length, seconds,
                (neededTrainRows.length + allTestRows.length) / Math.max(seconds, 1e-9));
        LabelledFeatures testTable = new LabelledFeatures(testFeatures, labels(test), test.classNames());
        LabelledFeatures trainTable = new LabelledFeatures(trainFeatures, labelsOf(neededTrainRows),
                train.classNames());
        for (ValidatedRecipe.Protocol protocol : protocols) {
            EvaluationProtocol instance = protocol.provider().create(protocol.settings());
            if (instance.needsEncoder() && encoder == null) {
                log.printf("  %-15s %-12s skipped: it trains an encoder, and %s has none%n", representation,
                        protocol.name(), representation);
                continue;
            }
            for (double fraction : fractions.get(protocol.name())) {
                List<int[]> drawn = subsets.get(fraction);
                int cap = protocol.settings().getInt("max_subsets");
                if (cap > 0 && cap < drawn.size()) {
                    drawn = drawn.subList(0, cap);
                }
                List<Double> headline = new ArrayList<>();
                for (int j = 0; j < drawn.size(); j++) {
                    boolean save = modelDirectory != null && j == 0
                            && EvaluationReport.PRETRAINED.equals(representation);
                    ProtocolOutcome outcome = run(protocol, instance, representation, trainTable, testTable,
                            fraction, j, drawn.get(j), save ? modelDirectory : null,
                            instance.needsEncoder() ? encoder : null, workRoot);
                    report.add(outcome);
                    headline.add(outcome.metrics().get(outcome.headline()));
                }
                log.printf(Locale.ROOT, "  %-15s %-12s %5s%% labels (%d) x %d subsets: %s%n", representation,
                        protocol.name(), percent(fraction), drawn.get(0).length, drawn.size(),
                        describe(headline, report.find(representation, protocol.name(), fraction).get(0)));
            }
        }
    }

    private ProtocolOutcome run(ValidatedRecipe.Protocol protocol, EvaluationProtocol instance, String representation,
                                LabelledFeatures trainTable, LabelledFeatures testTable, double fraction, int subset,
                                int[] rows, Path modelDirectory, RepresentationEncoder encoder, Path workRoot) {
        int[] positions = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            positions[i] = Arrays.binarySearch(neededTrainRows, rows[i]);
        }
        LabelledFeatures labelled = trainTable.select(positions);
        long subsetSeed = seed + subset;
        ProtocolInput.Builder input = ProtocolInput.builder().setRepresentation(representation)
                .setLabelled(labelled).setTest(testTable).optSubset(fraction, subset).optSeed(subsetSeed);
        int[] validation = LabelSubsets.validationSplit(labelled.labels(), validationFraction, subsetSeed);
        boolean[] held = new boolean[labelled.rows()];
        Arrays.stream(validation).forEach(i -> held[i] = true);
        int[] fit = java.util.stream.IntStream.range(0, labelled.rows()).filter(i -> !held[i]).toArray();
        if (validation.length > 0) {
            input.optValidation(labelled.select(fit), labelled.select(validation));
        }
        String base = ProtocolFiles.baseName(protocol.name(), representation, fraction);
        Path work = workRoot.resolve(base + "-s" + subset);
        if (encoder != null) {
            input.optTrainable(trainable(encoder, rows, select(rows, fit), select(rows, validation), work));
        }
        if (modelDirectory != null) {
            input.optSaveAs(modelDirectory.resolve(base));
        }
        String label = protocol.name() + " on " + representation + " (" + percent(fraction) + "%, subset "
                + (subset + 1) + "): ";
        Map<String, ProgressDisplay> displays = new LinkedHashMap<>();
        long start = System.nanoTime();
        input.optProgress((what, done, total) -> {
            if (System.nanoTime() - start > QUIET_NANOS) { // short protocol runs print only their result
                displays.computeIfAbsent(what + "/" + total, key -> new ProgressDisplay(log, terminal, total, 10))
                        .update(done, label + what);
            }
        });
        ProtocolResult result;
        try {
            result = instance.evaluate(input.build());
        } catch (RuntimeException e) {
            throw new IllegalStateException("protocol '" + protocol.name() + "' failed on " + representation
                    + " at " + percent(fraction) + "% of the labels (subset " + (subset + 1) + "): "
                    + dev.selfsup.data.ErrorText.withCauses(e), e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        deleteQuietly(work);
        String savedAs = null;
        if (modelDirectory != null && !result.savedFiles().isEmpty()) {
            try {
                ProtocolFiles.writeDescriptor(modelDirectory, base, new ProtocolFiles.Descriptor(protocol.name(),
                        protocol.provider().name(), protocol.settings().toPlainMap(), result.savedFiles().stream()
                        .map(p -> p.getFileName().toString()).toList()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot describe the saved model " + base, e);
            }
            savedAs = base;
        }
        return new ProtocolOutcome(representation, protocol.name(), fraction, subset, labelled.rows(),
                testTable.rows(), result.metrics(), result.choices(), seconds, savedAs);
    }

    private static int[] select(int[] rows, int[] positions) {
        return Arrays.stream(positions).map(i -> rows[i]).toArray();
    }

    /** The encoder and samples behind a subset's features, for protocols that train the encoder. */
    private TrainableRepresentation trainable(RepresentationEncoder encoder, int[] labelledRows, int[] fitRows,
                                              int[] validationRows, Path work) {
        return new TrainableRepresentation() {
            @Override
            public Encoder copyEncoder(NDManager manager) {
                return encoder.copy(manager);
            }

            @Override
            public DownstreamHead head() {
                return encoder.head();
            }

            @Override
            public SampleSource train() {
                return train;
            }

            @Override
            public int[] labelledRows() {
                return labelledRows.clone();
            }

            @Override
            public int[] fitRows() {
                return fitRows.clone();
            }

            @Override
            public int[] validationRows() {
                return validationRows.clone();
            }

            @Override
            public SampleSource test() {
                return test;
            }

            @Override
            public List<Augmentation> augmentations() {
                return encoder.augmentations();
            }

            @Override
            public Path workDirectory() {
                try {
                    return Files.createDirectories(work);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create " + work, e);
                }
            }
        };
    }

    private static void deleteQuietly(Path folder) {
        try {
            dev.selfsup.data.AtomicFiles.deleteTree(folder);
        } catch (IOException e) {
            // scratch space of a finished protocol run; the staging folder it is in goes with the evaluation
        }
    }

    private float[][] embed(Function<int[], float[][]> features, int[] rows, int offset, ProgressDisplay progress,
                            String representation) {
        float[][] out = new float[rows.length][];
        for (int start = 0; start < rows.length; start += EMBEDDING_CHUNK) {
            int end = Math.min(rows.length, start + EMBEDDING_CHUNK);
            float[][] chunk = features.apply(Arrays.copyOfRange(rows, start, end));
            System.arraycopy(chunk, 0, out, start, chunk.length);
            progress.update(offset + end, "features of " + representation + ": rows");
        }
        return out;
    }

    private static String describe(List<Double> headline, ProtocolOutcome first) {
        double mean = headline.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        String values = headline.size() > 1 ? " " + headline.stream()
                .map(v -> String.format(Locale.ROOT, "%.2f", 100 * v)).toList() : "";
        return String.format(Locale.ROOT, "%s %.2f%%%s", first.headline(), 100 * mean, values);
    }

    private int[] labelsOf(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = train.label(rows[i]);
        }
        return out;
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
     * @return e.g. "logistic@[0.01, 0.1, 1.0]; knn-k10@[0.01] (subsets: 1%: 5, 10%: 3, 100%: 1; validation 20%)"
     */
    String describe() {
        List<String> parts = new ArrayList<>();
        for (ValidatedRecipe.Protocol p : protocols) {
            parts.add(p.name() + "@" + fractions.get(p.name()));
        }
        List<String> counts = new ArrayList<>();
        subsets.keySet().stream().sorted().forEach(f -> counts.add(percent(f) + "%: " + subsets.get(f).size()));
        return String.join("; ", parts) + " (subsets " + String.join(", ", counts) + "; validation "
                + percent(validationFraction) + "% of each subset)";
    }
}
