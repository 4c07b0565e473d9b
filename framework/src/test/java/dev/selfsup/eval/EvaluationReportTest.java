package dev.selfsup.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {

    private static ProtocolOutcome outcome(String representation, String protocol, double fraction, int subset,
                                           int rows, double accuracy) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", accuracy);
        metrics.put("macro_f1", accuracy - 0.01);
        return new ProtocolOutcome(representation, protocol, fraction, subset, rows, 10000, metrics,
                Map.of("standardize", "true (validation accuracy 0.9 scaled, 0.8 as is)"), 0.5, null);
    }

    /** Five subsets at 1%, one at 100%; a kNN row with no pretrained result. */
    private static EvaluationReport report() {
        List<ProtocolOutcome> outcomes = new ArrayList<>();
        double[] spread = {-0.004, 0.002, 0.0, 0.003, -0.001};
        for (int j = 0; j < 5; j++) {
            outcomes.add(outcome("pretrained", "logistic", 0.01, j, 600, 0.90 + spread[j]));
            outcomes.add(outcome("random_encoder", "logistic", 0.01, j, 600, 0.70 + spread[j]));
            outcomes.add(outcome("raw", "logistic", 0.01, j, 600, 0.899 - spread[j]));
        }
        outcomes.add(outcome("pretrained", "logistic", 1.0, 0, 60000, 0.95));
        outcomes.add(outcome("random_encoder", "logistic", 1.0, 0, 60000, 0.90));
        outcomes.add(outcome("raw", "logistic", 1.0, 0, 60000, 0.97));
        outcomes.add(outcome("raw", "knn-k10", 0.1, 0, 6000, 0.93));
        return new EvaluationReport().putMetadata("run", "mnist-simclr").putMetadata("steps", 2000)
                .addAll(outcomes);
    }

    @Test
    void jsonRoundTripWithSummaries(@TempDir Path dir) throws Exception {
        EvaluationReport report = report();
        Path file = dir.resolve("sub/report.json");
        report.writeJson(file);
        EvaluationReport back = EvaluationReport.readJson(file);
        assertEquals(report.outcomes(), back.outcomes());
        assertEquals(report.metadata(), back.metadata());
        assertEquals(5, back.find("raw", "logistic", 0.01).size());
        assertTrue(back.find("raw", "logistic", 0.1).isEmpty());
        String json = Files.readString(file);
        assertTrue(json.contains("\"summaries\""), json);
        Spread pretrained = back.summary("pretrained", "logistic", 0.01, "accuracy").orElseThrow();
        assertEquals(0.9, pretrained.mean(), 1e-12);
        assertEquals(5, pretrained.n());
    }

    @Test
    void markdownHasSpreadsChoicesAndAnHonestVerdict(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("report.md");
        report().writeMarkdown(file);
        String md = Files.readString(file);
        assertTrue(md.contains("**run**: mnist-simclr"), md);
        assertTrue(md.contains("## logistic: accuracy"), md);
        assertTrue(md.contains("## logistic: macro_f1"), md);
        assertTrue(md.contains("## knn-k10: accuracy"), md);
        assertTrue(md.contains("| Labels | pretrained | random_encoder | raw |"), md);
        assertTrue(md.contains("| 1% (600) | 90.0% ± 0.3 (5) | 70.0% ± 0.3 (5) | 89.9% ± 0.3 (5) |"), md);
        assertTrue(md.contains("| 100% (60000) | 95.0% (1) |"), md);
        assertTrue(md.contains("## Choices made on validation data"), md);
        assertTrue(md.contains("- logistic, pretrained, 1%: standardize true"), md);
        assertTrue(md.contains("- logistic, 1% (600): pretrained (90.0% ± 0.3) beats random_encoder (70.0% ± 0.3) "
                + "by 20.0 points (paired over 5 subsets, 95% interval +20.0 to +20.0), pretrained wins; it shows no "
                + "significant difference from raw (89.9% ± 0.3) (+0.1 points; paired over 5 subsets, 95% interval "
                + "-0.6 to +0.8)"), md);
        // one subset: the binomial error of 10,000 test rows is about ±0.4 points, so 95.0 against 97.0 separates
        assertTrue(md.contains("trails raw (97.0%) by 2.0 points (intervals disjoint), raw wins"), md);
        assertTrue(md.contains("- knn-k10, 10% (6000): no pretrained result to compare."), md);
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count());
        }
        assertFalse(md.contains("NaN"), md);
    }

    @Test
    void sectionsOfOtherEvaluationsSurviveJsonAndAppearInMarkdown(@TempDir Path dir) throws Exception {
        EvaluationReport report = report().addSection(new EvaluationReport.Section("alignment: retrieval",
                "Recall@k among 10 pairs.", List.of("Direction", "k", "pretrained"),
                List.of(List.of("image → text", "1", "40.0% (16.8–68.7)")), List.of("image → text recall@1: above")));
        Path file = dir.resolve("report.json");
        report.writeJson(file);
        EvaluationReport back = EvaluationReport.readJson(file);
        assertEquals(report.sections(), back.sections());
        String markdown = back.toMarkdown();
        assertTrue(markdown.contains("## alignment: retrieval\n\nRecall@k among 10 pairs."), markdown);
        assertTrue(markdown.contains("| image → text | 1 | 40.0% (16.8–68.7) |"), markdown);
        assertTrue(markdown.contains("- image → text recall@1: above"), markdown);
    }

    @Test
    void identicalRepresentationsShowNoSignificantDifference() {
        EvaluationReport report = new EvaluationReport();
        double[] accuracies = {0.61, 0.66, 0.58, 0.64, 0.63};
        for (int j = 0; j < accuracies.length; j++) {
            report.add(outcome("pretrained", "logistic", 0.01, j, 600, accuracies[j]));
            report.add(outcome("raw", "logistic", 0.01, j, 600, accuracies[j]));
        }
        String verdict = report.verdict("logistic", 0.01);
        assertTrue(verdict.contains("shows no significant difference from raw"), verdict);
        assertFalse(verdict.contains("wins"), verdict);
    }

    @Test
    void pairingOverTheSameSubsetsSeparatesAConsistentSmallGainThatOverlappingIntervalsHide() {
        EvaluationReport report = new EvaluationReport();
        double[] subsetLuck = {-0.03, 0.02, 0.0, 0.035, -0.025};
        double[] gain = {0.011, 0.009, 0.010, 0.012, 0.008};
        for (int j = 0; j < subsetLuck.length; j++) {
            report.add(outcome("pretrained", "logistic", 0.01, j, 600, 0.75 + subsetLuck[j] + gain[j]));
            report.add(outcome("raw", "logistic", 0.01, j, 600, 0.75 + subsetLuck[j]));
        }
        Spread pretrained = report.summary("pretrained", "logistic", 0.01, "accuracy").orElseThrow();
        Spread raw = report.summary("raw", "logistic", 0.01, "accuracy").orElseThrow();
        assertFalse(pretrained.separatedFrom(raw), "the means' intervals overlap");
        Spread difference = report.pairedDifference("pretrained", "raw", "logistic", 0.01, "accuracy")
                .orElseThrow();
        assertEquals(0.010, difference.mean(), 1e-12);
        assertEquals(Math.sqrt(0.0001 * 0.01 * 10 / 4), difference.sd(), 1e-12);
        String verdict = report.verdict("logistic", 0.01);
        assertTrue(verdict.contains("beats raw (75.0% ± 2.8) by 1.0 points (paired over 5 subsets, 95% interval "
                + "+0.8 to +1.2), pretrained wins"), verdict);
    }

    @Test
    void subsetsThatDoNotMatchAreNotPaired() {
        EvaluationReport report = new EvaluationReport();
        for (int j = 0; j < 3; j++) {
            report.add(outcome("pretrained", "logistic", 0.01, j, 600, 0.80 + 0.01 * j));
            report.add(outcome("raw", "logistic", 0.01, j + 1, 600, 0.70 + 0.01 * j));
        }
        assertTrue(report.pairedDifference("pretrained", "raw", "logistic", 0.01, "accuracy").isEmpty());
        assertTrue(report.verdict("logistic", 0.01).contains("by 10.0 points (intervals disjoint), pretrained wins"),
                report.verdict("logistic", 0.01));
    }

    @Test
    void spreadUsesStudentsTOverSubsetsAndTheBinomialErrorForOne() {
        Spread five = Spread.of(List.of(0.60, 0.62, 0.64, 0.66, 0.68), 0);
        assertEquals(0.64, five.mean(), 1e-12);
        assertEquals(Math.sqrt(0.001), five.sd(), 1e-12);
        assertEquals(2.776 * Math.sqrt(0.001) / Math.sqrt(5), five.high() - five.mean(), 1e-12);
        Spread one = Spread.of(List.of(0.9), 10000);
        assertEquals(1.96 * Math.sqrt(0.9 * 0.1 / 10000), one.high() - 0.9, 1e-12);
        Spread unknown = Spread.of(List.of(12.5), 0);
        assertFalse(unknown.hasInterval());
        assertFalse(unknown.separatedFrom(one), "no interval, no significant difference");
        assertTrue(Spread.of(List.of(0.5, 0.51), 0).separatedFrom(Spread.of(List.of(0.9, 0.91), 0)));
    }
}
