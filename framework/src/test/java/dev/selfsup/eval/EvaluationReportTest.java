package dev.selfsup.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {

    private static ProbeResult result(String representation, String probe, double fraction, int rows, double accuracy) {
        return new ProbeResult(representation, probe, fraction, rows, 10000, accuracy, accuracy - 0.01, 0.5, null);
    }

    private static EvaluationReport report() {
        return new EvaluationReport()
                .putMetadata("run", "mnist-simclr")
                .putMetadata("steps", 2000)
                .addAll(List.of(
                        result("pretrained", "logistic", 0.01, 600, 0.90),
                        result("random_encoder", "logistic", 0.01, 600, 0.70),
                        result("raw", "logistic", 0.01, 600, 0.85),
                        result("pretrained", "logistic", 1.0, 60000, 0.95),
                        result("random_encoder", "logistic", 1.0, 60000, 0.90),
                        result("raw", "logistic", 1.0, 60000, 0.97),
                        result("raw", "knn", 0.1, 6000, 0.93)));
    }

    @Test
    void jsonRoundTrip(@TempDir Path dir) throws Exception {
        EvaluationReport report = report();
        Path file = dir.resolve("sub/report.json");
        report.writeJson(file);
        EvaluationReport back = EvaluationReport.readJson(file);
        assertEquals(report.results(), back.results());
        assertEquals(report.metadata(), back.metadata());
        assertEquals("2000", back.metadata().get("steps"));
        assertEquals(0.97, back.find("raw", "logistic", 1.0).orElseThrow().accuracy());
        assertTrue(back.find("raw", "logistic", 0.1).isEmpty());
    }

    @Test
    void markdownHasTablesAndVerdict(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.md");
        report().writeMarkdown(file);
        String md = Files.readString(file);
        assertTrue(md.contains("**run**: mnist-simclr"), md);
        assertTrue(md.contains("## Probe: logistic"), md);
        assertTrue(md.contains("## Probe: knn"), md);
        assertTrue(md.contains("| Labels | pretrained | random_encoder | raw |"), md);
        assertTrue(md.contains("| 1% (600) | 90.0% (0.890) | 70.0% (0.690) | 85.0% (0.840) |"), md);
        assertTrue(md.contains("| 100% (60000) |"), md);
        assertTrue(md.contains("## Verdict"), md);
        assertTrue(md.contains("- logistic, 1% (600): pretrained (90.0%) beats random_encoder (70.0%) by 20.0 accuracy"
                + " points, pretrained wins; it beats raw (85.0%) by 5.0 accuracy points, pretrained wins."), md);
        assertTrue(md.contains("trails raw (97.0%) by 2.0 accuracy points, raw wins"), md);
        assertTrue(md.contains("- knn, 10% (6000): no pretrained result to compare."), md);
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count());
        }
        assertFalse(md.contains("NaN"));
    }
}
