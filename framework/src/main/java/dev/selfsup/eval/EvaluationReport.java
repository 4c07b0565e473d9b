package dev.selfsup.eval;

import dev.selfsup.data.AtomicFiles;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The probe results of one evaluation run plus descriptive metadata (run name, dataset, encoder, steps, seed…),
 * written as JSON (machine-readable, {@link #readJson round-trippable}) and as a Markdown summary.
 *
 * <p>The Markdown holds one table per probe type (rows: label fractions; columns: representations; cells:
 * {@code accuracy% (macro-F1)}) and a verdict comparing {@value #PRETRAINED} with {@value #RANDOM_ENCODER} and
 * {@value #RAW} at every fraction.
 */
public final class EvaluationReport {

    /** Representation name of the pretrained encoder. */
    public static final String PRETRAINED = "pretrained";
    /** Representation name of the same architecture left untrained. */
    public static final String RANDOM_ENCODER = "random_encoder";
    /** Representation name of the raw input. */
    public static final String RAW = "raw";

    /** Accuracy differences below this many points are reported as a tie. */
    private static final double TIE_POINTS = 0.05;
    private static final double FRACTION_EPS = 1e-9;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<ProbeResult> results = new ArrayList<>();

    /** JSON layout of a report. */
    record Document(Map<String, String> metadata, List<ProbeResult> results) {
    }

    /**
     * Sets a metadata entry (kept in insertion order, stored as text).
     *
     * @return this report
     */
    public EvaluationReport putMetadata(String key, Object value) {
        metadata.put(key, String.valueOf(value));
        return this;
    }

    /** @return this report */
    public EvaluationReport add(ProbeResult result) {
        results.add(result);
        return this;
    }

    /** @return this report */
    public EvaluationReport addAll(Collection<ProbeResult> more) {
        results.addAll(more);
        return this;
    }

    /** @return the metadata, read-only */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** @return the results in the order added, read-only */
    public List<ProbeResult> results() {
        return Collections.unmodifiableList(results);
    }

    /** @return the first result for that representation, probe type and label fraction */
    public Optional<ProbeResult> find(String representation, String probe, double fraction) {
        return results.stream()
                .filter(r -> r.representation().equals(representation) && r.probe().equals(probe)
                        && Math.abs(r.labelFraction() - fraction) < FRACTION_EPS)
                .findFirst();
    }

    /** Writes the report as pretty-printed JSON, atomically. */
    public void writeJson(Path file) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(new Document(metadata, results));
        AtomicFiles.write(file, temp -> Files.write(temp, bytes));
    }

    /** Reads a report written by {@link #writeJson}. */
    public static EvaluationReport readJson(Path file) throws IOException {
        Document document = JSON.readValue(file.toFile(), Document.class);
        EvaluationReport report = new EvaluationReport();
        if (document.metadata() != null) {
            report.metadata.putAll(document.metadata());
        }
        if (document.results() != null) {
            report.results.addAll(document.results());
        }
        return report;
    }

    /** Writes {@link #toMarkdown()} atomically. */
    public void writeMarkdown(Path file) throws IOException {
        byte[] bytes = toMarkdown().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, temp -> Files.write(temp, bytes));
    }

    /** @return the tables and verdict as Markdown */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder("# Evaluation report\n\n");
        metadata.forEach((key, value) -> md.append("- **").append(key).append("**: ").append(value).append('\n'));
        if (!metadata.isEmpty()) {
            md.append('\n');
        }
        List<String> representations = representations();
        for (String probe : probes()) {
            md.append("## Probe: ").append(probe).append("\n\n");
            md.append("Test accuracy (macro-F1).\n\n| Labels |");
            representations.forEach(r -> md.append(' ').append(r).append(" |"));
            md.append("\n|---|");
            representations.forEach(r -> md.append("---|"));
            md.append('\n');
            for (double fraction : fractions(probe)) {
                md.append("| ").append(fractionLabel(probe, fraction)).append(" |");
                for (String representation : representations) {
                    md.append(' ').append(find(representation, probe, fraction).map(EvaluationReport::cell).orElse("–"))
                            .append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        md.append("## Verdict\n\n");
        if (results.isEmpty()) {
            md.append("No probe results.\n");
        }
        for (String probe : probes()) {
            for (double fraction : fractions(probe)) {
                md.append("- ").append(probe).append(", ").append(fractionLabel(probe, fraction)).append(": ")
                        .append(verdict(probe, fraction)).append('\n');
            }
        }
        return md.toString();
    }

    private String verdict(String probe, double fraction) {
        Optional<ProbeResult> pretrained = find(PRETRAINED, probe, fraction);
        if (pretrained.isEmpty()) {
            return "no " + PRETRAINED + " result to compare.";
        }
        double accuracy = pretrained.get().accuracy();
        List<String> comparisons = new ArrayList<>();
        for (String baseline : List.of(RANDOM_ENCODER, RAW)) {
            find(baseline, probe, fraction).ifPresent(other -> comparisons.add(compare(accuracy, baseline, other)));
        }
        String head = PRETRAINED + " (" + percent(accuracy) + ")";
        if (comparisons.isEmpty()) {
            return head + " has no " + RANDOM_ENCODER + " or " + RAW + " baseline to compare with.";
        }
        return head + " " + String.join("; it ", comparisons) + ".";
    }

    private static String compare(double accuracy, String baseline, ProbeResult other) {
        double points = 100.0 * (accuracy - other.accuracy());
        String them = baseline + " (" + percent(other.accuracy()) + ")";
        if (Math.abs(points) < TIE_POINTS) {
            return "ties with " + them;
        }
        String by = String.format(Locale.ROOT, " by %.1f accuracy points", Math.abs(points));
        return points > 0 ? "beats " + them + by + ", pretrained wins"
                : "trails " + them + by + ", " + baseline + " wins";
    }

    private List<String> representations() {
        Set<String> seen = new LinkedHashSet<>();
        for (String preferred : List.of(PRETRAINED, RANDOM_ENCODER, RAW)) {
            if (results.stream().anyMatch(r -> r.representation().equals(preferred))) {
                seen.add(preferred);
            }
        }
        results.forEach(r -> seen.add(r.representation()));
        return List.copyOf(seen);
    }

    private List<String> probes() {
        Set<String> seen = new LinkedHashSet<>();
        results.forEach(r -> seen.add(r.probe()));
        return List.copyOf(seen);
    }

    private Set<Double> fractions(String probe) {
        Set<Double> fractions = new TreeSet<>();
        results.stream().filter(r -> r.probe().equals(probe)).forEach(r -> fractions.add(r.labelFraction()));
        return fractions;
    }

    /** e.g. {@code 1% (600)}: the fraction and the number of labelled examples behind it. */
    private String fractionLabel(String probe, double fraction) {
        String share = BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
        return results.stream()
                .filter(r -> r.probe().equals(probe) && Math.abs(r.labelFraction() - fraction) < FRACTION_EPS)
                .findFirst()
                .map(r -> share + " (" + r.trainExamples() + ")")
                .orElse(share);
    }

    private static String cell(ProbeResult result) {
        return percent(result.accuracy()) + String.format(Locale.ROOT, " (%.3f)", result.macroF1());
    }

    private static String percent(double accuracy) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * accuracy);
    }
}
