package dev.selfsup.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.selfsup.api.eval.ClassificationMetrics;
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

/**
 * The outcomes of one evaluation (every protocol on every representation, label fraction and seeded subset) plus
 * descriptive metadata, written as JSON (machine-readable, {@link #readJson round-trippable}, with the summaries)
 * and as Markdown.
 *
 * <p>The Markdown holds, per protocol and metric, a table (rows: label fractions; columns: representations; cells:
 * mean ± standard deviation over the subsets, with their number), the choices protocols made on validation data,
 * and a verdict comparing {@value #PRETRAINED} with {@value #RANDOM_ENCODER} and {@value #RAW} on each protocol's
 * headline metric. Every representation is probed on the same seeded label subsets, so with two or more subsets
 * the comparison is paired: a difference counts only when the 95% interval of the mean per-subset difference
 * excludes zero ({@link #pairedDifference}). With one subset (all the labels) it counts only when the two means'
 * binomial intervals do not overlap ({@link Spread#separatedFrom}). Otherwise the verdict says there is no
 * significant difference.
 */
public final class EvaluationReport {

    /** Representation name of the pretrained encoder. */
    public static final String PRETRAINED = "pretrained";
    /** Representation name of the same architecture left untrained. */
    public static final String RANDOM_ENCODER = "random_encoder";
    /** Representation name of the raw input. */
    public static final String RAW = "raw";

    private static final double FRACTION_EPS = 1e-9;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final List<ProtocolOutcome> outcomes = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>();

    /**
     * One summary row of the JSON: a metric of a protocol on a representation at a fraction, over its subsets.
     *
     * @param protocol the protocol
     * @param representation the representation
     * @param labelFraction the fraction
     * @param metric the metric
     * @param spread mean, spread and interval
     */
    public record Summary(String protocol, String representation, double labelFraction, String metric,
                          Spread spread) {
    }

    /** JSON layout of a report. */
    record Document(Map<String, String> metadata, List<ProtocolOutcome> outcomes, List<Summary> summaries,
                    List<Section> sections) {
    }

    /**
     * A results table of an evaluation other than the label-efficiency protocols (retrieval, zero-shot
     * classification), with its own explanation and verdicts.
     *
     * @param title the heading
     * @param note how to read it
     * @param header the column names
     * @param rows the cells
     * @param verdicts what it shows, one line each
     */
    public record Section(String title, String note, List<String> header, List<List<String>> rows,
                          List<String> verdicts) {
    }

    /**
     * Sets a metadata entry (kept in insertion order, stored as text).
     *
     * @param key the key
     * @param value the value
     * @return this report
     */
    public EvaluationReport putMetadata(String key, Object value) {
        metadata.put(key, String.valueOf(value));
        return this;
    }

    /**
     * Adds an outcome.
     *
     * @param outcome the outcome
     * @return this report
     */
    public EvaluationReport add(ProtocolOutcome outcome) {
        outcomes.add(outcome);
        return this;
    }

    /**
     * Adds outcomes.
     *
     * @param more the outcomes
     * @return this report
     */
    public EvaluationReport addAll(Collection<ProtocolOutcome> more) {
        outcomes.addAll(more);
        return this;
    }

    /** @return the metadata, read-only */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** @return the outcomes in the order added, read-only */
    public List<ProtocolOutcome> outcomes() {
        return Collections.unmodifiableList(outcomes);
    }

    /**
     * Returns the outcomes of a protocol on a representation at a fraction, one per subset.
     *
     * @param representation the representation
     * @param protocol the protocol's name
     * @param fraction the label fraction
     * @return the outcomes, in subset order
     */
    public List<ProtocolOutcome> find(String representation, String protocol, double fraction) {
        return outcomes.stream().filter(o -> o.representation().equals(representation)
                && o.protocol().equals(protocol) && Math.abs(o.labelFraction() - fraction) < FRACTION_EPS).toList();
    }

    /**
     * Summarises one metric of a protocol on a representation at a fraction over its subsets.
     *
     * @param representation the representation
     * @param protocol the protocol
     * @param fraction the fraction
     * @param metric the metric
     * @return the summary, or empty if there are no such outcomes
     */
    public Optional<Spread> summary(String representation, String protocol, double fraction, String metric) {
        List<ProtocolOutcome> found = find(representation, protocol, fraction).stream()
                .filter(o -> o.metrics().containsKey(metric)).toList();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        int testRows = ClassificationMetrics.ACCURACY.equals(metric) ? found.get(0).testExamples() : 0;
        return Optional.of(Spread.of(found.stream().map(o -> o.metrics().get(metric)).toList(), testRows));
    }

    /**
     * Returns every summary, protocol by protocol.
     *
     * @return the summaries
     */
    public List<Summary> summaries() {
        List<Summary> out = new ArrayList<>();
        for (String protocol : protocols()) {
            for (String metric : metrics(protocol)) {
                for (double fraction : fractions(protocol)) {
                    for (String representation : representations()) {
                        summary(representation, protocol, fraction, metric).ifPresent(s ->
                                out.add(new Summary(protocol, representation, fraction, metric, s)));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Writes the report as pretty-printed JSON, atomically.
     *
     * @param file the file
     * @throws IOException if it cannot be written
     */
    public void writeJson(Path file) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(new Document(metadata, outcomes, summaries(), sections));
        AtomicFiles.write(file, temp -> Files.write(temp, bytes));
    }

    /**
     * Reads a report written by {@link #writeJson}.
     *
     * @param file the file
     * @return the report
     * @throws IOException if it cannot be read
     */
    public static EvaluationReport readJson(Path file) throws IOException {
        Document document = JSON.readValue(file.toFile(), Document.class);
        EvaluationReport report = new EvaluationReport();
        if (document.metadata() != null) {
            report.metadata.putAll(document.metadata());
        }
        if (document.outcomes() != null) {
            report.outcomes.addAll(document.outcomes());
        }
        if (document.sections() != null) {
            report.sections.addAll(document.sections());
        }
        return report;
    }

    /**
     * Writes {@link #toMarkdown()} atomically.
     *
     * @param file the file
     * @throws IOException if it cannot be written
     */
    public void writeMarkdown(Path file) throws IOException {
        byte[] bytes = toMarkdown().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, temp -> Files.write(temp, bytes));
    }

    /**
     * One results table: a protocol's metric, rows by label fraction, columns by representation.
     *
     * @param protocol the protocol
     * @param metric the metric
     * @param header "Labels" then the representations
     * @param rows per fraction: its label, then a cell per representation ("–" where there is none)
     */
    public record Table(String protocol, String metric, List<String> header, List<List<String>> rows) {
    }

    /**
     * Returns the results tables, protocol by protocol and metric by metric; cells are mean ± standard deviation
     * over the subsets with their number.
     *
     * @return the tables
     */
    public List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        List<String> representations = representations();
        List<String> header = new ArrayList<>(List.of("Labels"));
        header.addAll(representations);
        for (String protocol : protocols()) {
            for (String metric : metrics(protocol)) {
                List<List<String>> rows = new ArrayList<>();
                for (double fraction : fractions(protocol)) {
                    List<String> row = new ArrayList<>(List.of(fractionLabel(protocol, fraction)));
                    for (String representation : representations) {
                        row.add(summary(representation, protocol, fraction, metric).map(EvaluationReport::cell)
                                .orElse("–"));
                    }
                    rows.add(row);
                }
                tables.add(new Table(protocol, metric, header, rows));
            }
        }
        return tables;
    }

    /**
     * Adds a section of another evaluation's results.
     *
     * @param section the section
     * @return this report
     */
    public EvaluationReport addSection(Section section) {
        sections.add(section);
        return this;
    }

    /**
     * Returns the sections of other evaluations, in the order added.
     *
     * @return the sections
     */
    public List<Section> sections() {
        return List.copyOf(sections);
    }

    /**
     * Returns the choices protocols made on validation data, on the first subset of each fraction.
     *
     * @return e.g. "logistic, pretrained, 1%: standardize true (...)"
     */
    public List<String> choices() {
        List<String> lines = new ArrayList<>();
        for (ProtocolOutcome o : outcomes) {
            if (o.choices().isEmpty() || o.subset() != 0) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            o.choices().forEach((key, value) -> parts.add(key + " " + value));
            lines.add(o.protocol() + ", " + o.representation() + ", " + percentText(o.labelFraction()) + ": "
                    + String.join("; ", parts));
        }
        return lines;
    }

    /**
     * Returns the verdicts, one per protocol and fraction.
     *
     * @return e.g. "logistic, 1% (600): pretrained (...) beats raw (...)"
     */
    public List<String> verdicts() {
        List<String> lines = new ArrayList<>();
        for (String protocol : protocols()) {
            for (double fraction : fractions(protocol)) {
                lines.add(protocol + ", " + fractionLabel(protocol, fraction) + ": " + verdict(protocol, fraction));
            }
        }
        return lines;
    }

    /** How the verdict decides, for the reader. */
    public static final String SIGNIFICANCE = "A difference is called significant when its 95% interval excludes "
            + "zero. Every representation is probed on the same seeded label subsets, so the interval is Student's t "
            + "over the per-subset differences (paired). With one subset (all the labels) the two means' 95% "
            + "intervals from the test set's binomial error must not overlap instead.";

    /** @return the tables, choices and verdict as Markdown */
    public String toMarkdown() {
        StringBuilder md = new StringBuilder("# Evaluation report\n\n");
        metadata.forEach((key, value) -> md.append("- **").append(key).append("**: ").append(value).append('\n'));
        if (!metadata.isEmpty()) {
            md.append('\n');
        }
        for (Table table : tables()) {
            md.append("## ").append(table.protocol()).append(": ").append(table.metric()).append("\n\n");
            md.append("Test ").append(table.metric()).append(", mean ± standard deviation over the label subsets (n)."
                    + "\n\n|");
            table.header().forEach(h -> md.append(' ').append(h).append(" |"));
            md.append("\n|").append("---|".repeat(table.header().size())).append('\n');
            for (List<String> row : table.rows()) {
                md.append('|');
                row.forEach(cell -> md.append(' ').append(cell).append(" |"));
                md.append('\n');
            }
            md.append('\n');
        }
        for (Section section : sections) {
            md.append("## ").append(section.title()).append("\n\n").append(section.note()).append("\n\n|");
            section.header().forEach(h -> md.append(' ').append(h).append(" |"));
            md.append("\n|").append("---|".repeat(section.header().size())).append('\n');
            for (List<String> row : section.rows()) {
                md.append('|');
                row.forEach(cell -> md.append(' ').append(cell).append(" |"));
                md.append('\n');
            }
            md.append('\n');
            section.verdicts().forEach(line -> md.append("- ").append(line).append('\n'));
            md.append('\n');
        }
        List<String> choices = choices();
        if (!choices.isEmpty()) {
            md.append("## Choices made on validation data\n\nFirst label subset of each fraction.\n\n");
            choices.forEach(line -> md.append("- ").append(line).append('\n'));
            md.append('\n');
        }
        md.append("## Verdict\n\n");
        if (outcomes.isEmpty()) {
            md.append("No protocol results.\n");
        }
        verdicts().forEach(line -> md.append("- ").append(line).append('\n'));
        if (!outcomes.isEmpty()) {
            md.append('\n').append(SIGNIFICANCE).append('\n');
        }
        return md.toString();
    }

    /**
     * Returns the verdict of one protocol at one fraction, on its headline metric.
     *
     * @param protocol the protocol
     * @param fraction the fraction
     * @return e.g. "pretrained (91.2% ± 0.4) beats raw (85.0% ± 0.6)..."
     */
    public String verdict(String protocol, double fraction) {
        List<ProtocolOutcome> found = find(PRETRAINED, protocol, fraction);
        if (found.isEmpty()) {
            return "no " + PRETRAINED + " result to compare.";
        }
        String metric = found.get(0).headline();
        Spread pretrained = summary(PRETRAINED, protocol, fraction, metric).orElseThrow();
        List<String> comparisons = new ArrayList<>();
        for (String baseline : List.of(RANDOM_ENCODER, RAW)) {
            summary(baseline, protocol, fraction, metric).ifPresent(other -> comparisons.add(compare(pretrained,
                    baseline, other, pairedDifference(PRETRAINED, baseline, protocol, fraction, metric))));
        }
        String head = PRETRAINED + " (" + brief(pretrained) + ")";
        if (comparisons.isEmpty()) {
            return head + " has no " + RANDOM_ENCODER + " or " + RAW + " baseline to compare with.";
        }
        return head + " " + String.join("; it ", comparisons) + ".";
    }

    /**
     * Returns the paired difference of a metric between two representations: the per-subset differences
     * {@code representation - other}, matched by subset index, summarised with Student's t. Pairing removes what
     * both share, chiefly which labels were drawn, so it separates far smaller differences than comparing the two
     * means' intervals does.
     *
     * @param representation the first representation
     * @param other the second representation
     * @param protocol the protocol
     * @param fraction the label fraction
     * @param metric the metric
     * @return the differences' summary; empty unless both have the same two or more subsets
     */
    public Optional<Spread> pairedDifference(String representation, String other, String protocol, double fraction,
                                             String metric) {
        Map<Integer, Double> first = bySubset(representation, protocol, fraction, metric);
        Map<Integer, Double> second = bySubset(other, protocol, fraction, metric);
        if (first.size() < 2 || !first.keySet().equals(second.keySet())) {
            return Optional.empty();
        }
        return Optional.of(Spread.of(first.keySet().stream().sorted()
                .map(subset -> first.get(subset) - second.get(subset)).toList(), 0));
    }

    private Map<Integer, Double> bySubset(String representation, String protocol, double fraction, String metric) {
        Map<Integer, Double> values = new LinkedHashMap<>();
        find(representation, protocol, fraction).stream().filter(o -> o.metrics().containsKey(metric))
                .forEach(o -> values.put(o.subset(), o.metrics().get(metric)));
        return values;
    }

    private static String compare(Spread pretrained, String baseline, Spread other, Optional<Spread> paired) {
        String them = baseline + " (" + brief(other) + ")";
        double points = 100.0 * (pretrained.mean() - other.mean());
        boolean significant;
        String evidence;
        if (paired.isPresent()) {
            Spread difference = paired.get();
            significant = difference.low() > 0 || difference.high() < 0;
            evidence = String.format(Locale.ROOT, "paired over %d subsets, 95%% interval %+.1f to %+.1f",
                    difference.n(), 100.0 * difference.low(), 100.0 * difference.high());
        } else {
            significant = pretrained.separatedFrom(other);
            evidence = pretrained.hasInterval() && other.hasInterval() ? "intervals "
                    + (significant ? "disjoint" : "overlap") : "intervals unknown";
        }
        if (!significant) {
            return String.format(Locale.ROOT, "shows no significant difference from %s (%+.1f points; %s)", them,
                    points, evidence);
        }
        String by = String.format(Locale.ROOT, " by %.1f points (%s)", Math.abs(points), evidence);
        return points > 0 ? "beats " + them + by + ", pretrained wins" : "trails " + them + by + ", " + baseline
                + " wins";
    }

    /** @return the representations, pretrained and the baselines first */
    public List<String> representations() {
        Set<String> seen = new LinkedHashSet<>();
        for (String preferred : List.of(PRETRAINED, RANDOM_ENCODER, RAW)) {
            if (outcomes.stream().anyMatch(o -> o.representation().equals(preferred))) {
                seen.add(preferred);
            }
        }
        outcomes.forEach(o -> seen.add(o.representation()));
        return List.copyOf(seen);
    }

    /** @return the protocols, in the order first seen */
    public List<String> protocols() {
        Set<String> seen = new LinkedHashSet<>();
        outcomes.forEach(o -> seen.add(o.protocol()));
        return List.copyOf(seen);
    }

    private List<String> metrics(String protocol) {
        Set<String> seen = new LinkedHashSet<>();
        outcomes.stream().filter(o -> o.protocol().equals(protocol)).forEach(o -> seen.addAll(o.metricNames()));
        return List.copyOf(seen);
    }

    /**
     * Returns the fractions a protocol was run at.
     *
     * @param protocol the protocol
     * @return ascending
     */
    public Set<Double> fractions(String protocol) {
        Set<Double> fractions = new TreeSet<>();
        outcomes.stream().filter(o -> o.protocol().equals(protocol)).forEach(o -> fractions.add(o.labelFraction()));
        return fractions;
    }

    /** e.g. {@code 1% (600)}: the fraction and the number of labelled examples behind it. */
    private String fractionLabel(String protocol, double fraction) {
        String share = percentText(fraction);
        return outcomes.stream().filter(o -> o.protocol().equals(protocol)
                        && Math.abs(o.labelFraction() - fraction) < FRACTION_EPS).findFirst()
                .map(o -> share + " (" + o.trainExamples() + ")").orElse(share);
    }

    private static String percentText(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    /** Shares (accuracy, F1) in percent, other metrics (a perplexity) as they are. */
    private static String cell(Spread spread) {
        return brief(spread) + " (" + spread.n() + ")";
    }

    static String brief(Spread spread) {
        boolean share = spread.mean() >= 0 && spread.mean() <= 1;
        double scale = share ? 100 : 1;
        String mean = share ? String.format(Locale.ROOT, "%.1f%%", scale * spread.mean())
                : String.format(Locale.ROOT, "%.4g", spread.mean());
        String sd = String.format(Locale.ROOT, share ? " ± %.1f" : " ± %.2g", scale * spread.sd());
        return spread.n() > 1 ? mean + sd : mean;
    }
}
