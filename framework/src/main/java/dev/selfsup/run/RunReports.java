package dev.selfsup.run;

import dev.selfsup.data.ErrorText;
import dev.selfsup.eval.EvaluationReport;
import dev.selfsup.eval.LabelEfficiencyPlot;
import dev.selfsup.eval.ReportPage;
import dev.selfsup.store.RunFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code selfsup report}: renders evaluated runs again from their {@code eval/report.json}: one run's
 * {@code plots/label-efficiency.png} and {@code eval/report.html}, or a page comparing several.
 */
public final class RunReports {

    private RunReports() {
    }

    /**
     * Describes a run's page: its report, its plots and its resolved recipe.
     *
     * @param folder the run folder
     * @param report its evaluation
     * @return what {@link ReportPage} renders
     * @throws IOException if the resolved recipe cannot be read
     */
    static ReportPage.RunReport page(RunFolder folder, EvaluationReport report) throws IOException {
        Map<String, Path> plots = new LinkedHashMap<>();
        plots.put("Label efficiency", folder.labelEfficiencyPlot());
        plots.put("Pretraining loss", folder.lossPlot());
        plots.put("Task metrics", folder.taskMetricsPlot());
        String settings = Files.isRegularFile(folder.resolvedRecipe()) ? Files.readString(folder.resolvedRecipe()) : "";
        return new ReportPage.RunReport(folder.root().getFileName().toString(), report, plots, settings);
    }

    /**
     * Renders one run's plot and page again.
     *
     * @param run the run folder (evaluated)
     * @return the page
     * @throws IllegalArgumentException if the run has no evaluation report
     */
    public static Path renderRun(Path run) {
        RunFolder folder = new RunFolder(run);
        EvaluationReport report = read(folder);
        try {
            LabelEfficiencyPlot.write(report, folder.labelEfficiencyPlot(), report.metadata().getOrDefault("run",
                    run.getFileName().toString()) + ": label efficiency");
            ReportPage.writeRun(page(folder, report), folder.reportHtml());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the report of " + run + ": " + ErrorText.describe(e), e);
        }
        return folder.reportHtml();
    }

    /**
     * Renders a page comparing runs.
     *
     * @param runs the run folders (evaluated)
     * @param page the HTML file to write
     * @return the page
     */
    public static Path renderComparison(List<Path> runs, Path page) {
        List<ReportPage.RunReport> reports = new ArrayList<>();
        try {
            for (Path run : runs) {
                RunFolder folder = new RunFolder(run);
                reports.add(page(folder, read(folder)));
            }
            ReportPage.writeComparison(reports, page);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + page + ": " + ErrorText.describe(e), e);
        }
        return page;
    }

    private static EvaluationReport read(RunFolder folder) {
        if (!Files.isRegularFile(folder.reportJson())) {
            throw new IllegalArgumentException(folder.root() + " has no evaluation report (" + folder.reportJson()
                    + "); evaluate it first: selfsup evaluate " + folder.root());
        }
        return RunEvaluation.readReport(folder);
    }
}
