package dev.selfsup.eval;

import dev.selfsup.data.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Renders evaluations as one self-contained HTML file (styles inline, plots embedded as data URIs), which opens in
 * any browser without a server: for one run its metadata, verdict, plots, tables, choices and settings; for several
 * runs a comparison with one row per run and protocol.
 */
public final class ReportPage {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:1100px;
            padding:0 1em;color:#222}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:right}
            th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}img{max-width:100%;border:1px solid #eee}
            pre{background:#f7f7f7;padding:.8em;overflow:auto;font-size:.85em}dl{display:grid;
            grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}dd{margin:0}
            li.win{color:#1a7f37}li.loss{color:#b42318}.note{color:#666;font-size:.9em}
            """;

    private ReportPage() {
    }

    /**
     * A run's evaluation with what the page shows beside it.
     *
     * @param name the run's name (its folder)
     * @param report the evaluation
     * @param plots images to embed, by caption (missing files are left out)
     * @param settings the run's resolved recipe, or empty
     */
    public record RunReport(String name, EvaluationReport report, Map<String, Path> plots, String settings) {
    }

    /**
     * Writes the page of one run.
     *
     * @param run the run
     * @param file the HTML file (written atomically)
     * @throws IOException if a plot cannot be read or the page written
     */
    public static void writeRun(RunReport run, Path file) throws IOException {
        StringBuilder html = head("selfsup evaluation: " + run.name());
        html.append("<h1>Evaluation of ").append(escape(run.name())).append("</h1>\n<dl>\n");
        run.report().metadata().forEach((key, value) -> html.append("<dt>").append(escape(key)).append("</dt><dd>")
                .append(escape(value)).append("</dd>\n"));
        html.append("</dl>\n<h2>Verdict</h2>\n<ul id=\"verdict\">\n");
        for (String line : run.report().verdicts()) {
            String kind = line.matches(".*\\b(" + EvaluationReport.RAW + "|" + EvaluationReport.RANDOM_ENCODER
                    + ") wins.*") ? "loss" : line.contains(EvaluationReport.PRETRAINED + " wins") ? "win" : "tie";
            html.append("<li class=\"").append(kind).append("\">").append(escape(line)).append("</li>\n");
        }
        html.append("</ul>\n<p class=\"note\">").append(escape(EvaluationReport.SIGNIFICANCE)).append("</p>\n");
        for (Map.Entry<String, Path> plot : run.plots().entrySet()) {
            if (Files.isRegularFile(plot.getValue())) {
                html.append("<h2>").append(escape(plot.getKey())).append("</h2>\n<img alt=\"")
                        .append(escape(plot.getKey())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(Files.readAllBytes(plot.getValue())))
                        .append("\">\n");
            }
        }
        for (EvaluationReport.Table table : run.report().tables()) {
            html.append("<h2>").append(escape(table.protocol() + ": " + table.metric())).append("</h2>\n");
            html.append("<p class=\"note\">Test ").append(escape(table.metric())).append(", mean ± standard "
                    + "deviation over the label subsets (n).</p>\n");
            table(html, table.header(), table.rows(), "results");
        }
        for (EvaluationReport.Section section : run.report().sections()) {
            html.append("<h2>").append(escape(section.title())).append("</h2>\n<p class=\"note\">")
                    .append(escape(section.note())).append("</p>\n");
            table(html, section.header(), section.rows(), "results");
            if (!section.verdicts().isEmpty()) {
                html.append("<ul>\n");
                section.verdicts().forEach(line -> html.append("<li>").append(escape(line)).append("</li>\n"));
                html.append("</ul>\n");
            }
        }
        List<String> choices = run.report().choices();
        if (!choices.isEmpty()) {
            html.append("<h2>Choices made on validation data</h2>\n<ul>\n");
            choices.forEach(line -> html.append("<li>").append(escape(line)).append("</li>\n"));
            html.append("</ul>\n");
        }
        if (!run.settings().isEmpty()) {
            html.append("<h2>Settings</h2>\n<pre>").append(escape(run.settings())).append("</pre>\n");
        }
        write(html, file);
    }

    /**
     * Writes a page comparing runs: one row per run and protocol, the headline metric of each representation at
     * each label fraction.
     *
     * @param runs the runs
     * @param file the HTML file
     * @throws IOException if the page cannot be written
     */
    public static void writeComparison(List<RunReport> runs, Path file) throws IOException {
        StringBuilder html = head("selfsup comparison of " + runs.size() + " runs");
        html.append("<h1>Comparison of ").append(runs.size()).append(" runs</h1>\n");
        java.util.TreeSet<Double> fractions = new java.util.TreeSet<>();
        java.util.LinkedHashSet<String> representations = new java.util.LinkedHashSet<>();
        for (RunReport run : runs) {
            run.report().protocols().forEach(p -> fractions.addAll(run.report().fractions(p)));
            representations.addAll(run.report().representations());
        }
        List<String> header = new ArrayList<>(List.of("Run", "Protocol"));
        for (double fraction : fractions) {
            for (String representation : representations) {
                header.add(percent(fraction) + " " + representation);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        for (RunReport run : runs) {
            for (String protocol : run.report().protocols()) {
                List<String> row = new ArrayList<>(List.of(run.name(), protocol));
                for (double fraction : fractions) {
                    for (String representation : representations) {
                        List<ProtocolOutcome> found = run.report().find(representation, protocol, fraction);
                        row.add(found.isEmpty() ? "–" : run.report().summary(representation, protocol, fraction,
                                found.get(0).headline()).map(EvaluationReport::brief).orElse("–"));
                    }
                }
                rows.add(row);
            }
        }
        html.append("<p class=\"note\">Headline metric of each protocol (accuracy for the built-in ones), mean ± "
                + "standard deviation over the label subsets.</p>\n");
        table(html, header, rows, "comparison");
        for (RunReport run : runs) {
            html.append("<h2>").append(escape(run.name())).append("</h2>\n<ul>\n");
            run.report().verdicts().forEach(line -> html.append("<li>").append(escape(line)).append("</li>\n"));
            html.append("</ul>\n");
        }
        write(html, file);
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title><style>").append(STYLE).append("</style></head><body>\n");
    }

    private static void table(StringBuilder html, List<String> header, List<List<String>> rows, String kind) {
        html.append("<table class=\"").append(kind).append("\"><thead><tr>");
        header.forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(escape(cell)).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static void write(StringBuilder html, Path file) throws IOException {
        html.append("</body></html>\n");
        byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, temp -> Files.write(temp, bytes));
    }

    private static String percent(double fraction) {
        return java.math.BigDecimal.valueOf(100 * fraction).stripTrailingZeros().toPlainString() + "%";
    }

    /**
     * Escapes text for HTML.
     *
     * @param text the text
     * @return it with {@code & < > "} escaped
     */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
