package dev.selfsup.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPageTest {

    private static EvaluationReport report(String runName) {
        EvaluationReport report = new EvaluationReport().putMetadata("run", runName);
        String[] representations = {"pretrained", "random_encoder", "raw"};
        double[] base = {0.9, 0.7, 0.85};
        for (int r = 0; r < 3; r++) {
            for (double fraction : new double[] {0.01, 0.1, 1.0}) {
                int subsets = fraction < 1 ? 3 : 1;
                for (int j = 0; j < subsets; j++) {
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    metrics.put("accuracy", base[r] + 0.02 * Math.log10(fraction) + 0.003 * j);
                    report.add(new ProtocolOutcome(representations[r], "logistic", fraction, j, 600, 10000, metrics,
                            Map.of(), 0.1, null));
                    report.add(new ProtocolOutcome(representations[r], "knn", fraction, j, 600, 10000, metrics,
                            Map.of(), 0.1, null));
                }
            }
        }
        return report;
    }

    @Test
    void thePlotHasAPanelPerProtocolAndAPointPerRepresentationAndFraction(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("plots/label-efficiency.png");
        assertEquals(2 * 3 * 3, LabelEfficiencyPlot.write(report("a"), png, "a: label efficiency"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(120 + 2 * 260, image.getHeight(), "two protocol panels");
    }

    @Test
    void theRunPageIsSelfContainedAndEscapesWhatItShows(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("plot.png");
        LabelEfficiencyPlot.write(report("a"), png, "a");
        EvaluationReport report = report("<script>alert(1)</script>");
        Path page = dir.resolve("report.html");
        ReportPage.writeRun(new ReportPage.RunReport("run-1", report, Map.of("Label efficiency", png,
                "Missing", dir.resolve("none.png")), "name: a & b\n"), page);
        String html = Files.readString(page);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.contains("<script>"), "metadata is escaped");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertEquals(1, html.split("data:image/png;base64,", -1).length - 1, "the existing plot, embedded");
        assertTrue(html.contains("<h2>logistic: accuracy</h2>") && html.contains("<h2>knn: accuracy</h2>"));
        assertTrue(html.contains("<td>88.3% ± 0.3 (3)</td>"), html);
        assertTrue(html.contains("<pre>name: a &amp; b"), "settings, escaped");
        assertTrue(html.contains("class=\"win\""), "pretrained beats both baselines at 100%");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing to fetch");
    }

    @Test
    void theComparisonHasOneRowPerRunAndProtocol(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("both.html");
        ReportPage.writeComparison(List.of(new ReportPage.RunReport("a", report("a"), Map.of(), ""),
                new ReportPage.RunReport("b", report("b"), Map.of(), "")), page);
        String html = Files.readString(page);
        assertEquals(4, html.split("<tr><td>", -1).length - 1, html);
        assertTrue(html.contains("<th>1% pretrained</th>"), html);
        assertTrue(html.contains("<tr><td>b</td><td>knn</td>"), html);
    }
}
