package dev.selfsup.reliability;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints the reliability suite's totals when the test plan ends and saves them as JSON (the path in the system
 * property {@code reliability.totals}) for docs/reliability.md. Registered through the service loader.
 */
public final class TotalsListener implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Map<Ledger.Count, Map<String, Long>> totals = Ledger.snapshot();
        if (totals.values().stream().allMatch(Map::isEmpty)) {
            return; // no reliability case ran in this JVM (e.g. a single unrelated test was selected)
        }
        StringBuilder text = new StringBuilder("\n==== reliability totals ====\n");
        StringBuilder json = new StringBuilder("{");
        for (Ledger.Count count : Ledger.Count.values()) {
            Map<String, Long> categories = totals.get(count);
            long sum = categories.values().stream().mapToLong(Long::longValue).sum();
            text.append(String.format("%-18s %7d   %s%n", count.label + ":", sum, categories.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))));
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("\n  \"").append(count.name().toLowerCase(java.util.Locale.ROOT)).append("\": {\"total\": ")
                    .append(sum);
            categories.forEach((category, n) -> json.append(", \"").append(category).append("\": ").append(n));
            json.append('}');
        }
        json.append("\n}\n");
        System.out.print(text);
        String file = System.getProperty("reliability.totals");
        if (file != null) {
            try {
                Files.createDirectories(Path.of(file).toAbsolutePath().getParent());
                Files.writeString(Path.of(file), json, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
