package dev.selfsup.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The evaluation's {@code eval/report.html} opened in headless Chromium: the page loads from the file alone (no
 * server), with its tables, verdict and both plots; {@code selfsup report} renders it again and compares two runs.
 * Under CI ({@code CI=true}, where {@code .ci/run} installs chromium) a missing browser fails the test instead of
 * skipping it.
 */
class ReportPageIT {

    @TempDir
    Path work;

    private static boolean chromium() throws Exception {
        try {
            Process probe = new ProcessBuilder("chromium", "--version").redirectErrorStream(true).start();
            return probe.waitFor(1, TimeUnit.MINUTES) && probe.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static String browser(Path work, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("chromium", "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--user-data-dir=" + work.resolve("chromium-profile")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(work.resolve("chromium.log").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "chromium finished");
        assertEquals(0, process.exitValue(), Files.readString(work.resolve("chromium.log")));
        return out;
    }

    private Path evaluatedRun(Path plugins, String name, long seed) throws Exception {
        Path data = work.resolve("idx");
        if (!Files.isDirectory(data)) {
            SyntheticIdx.write(data, 400, 100, 4);
        }
        Path recipe = work.resolve(name + ".yaml");
        Files.writeString(recipe, """
                name: %s
                seed: %d
                device: cpu
                output: %s
                data: {dataset: mnist, path: %s, fetch: false}
                encoder: {type: vit, image: 28, patch: 7, dim: 32, depth: 1, heads: 2}
                pretext: {task: mae, decoder: {dim: 16, depth: 1, heads: 2}}
                train: {max_steps: 10, batch_size: 32, log_every: 5}
                evaluate:
                  label_fractions: [0.1, 1.0]
                  protocols:
                    - {type: logistic}
                    - {type: knn, k: 5, label_fractions: [0.1]}
                    - {type: knn, k: 3, label_fractions: [0.1]}
                    - {type: liblinear, solver: l2r_l2loss_svc, label_fractions: [1.0]}
                """.formatted(name, seed, work.resolve("runs"), data));
        SelfSupProcess.Result run = SelfSupProcess.run(work, plugins, "run", recipe.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("report: ") && run.output().contains("eval/report.html"), run.output());
        try (Stream<Path> runs = Files.list(work.resolve("runs").resolve(name))) {
            return runs.findFirst().orElseThrow();
        }
    }

    @Test
    void theReportOpensInABrowserAndRendersAgainAndSideBySide() throws Exception {
        boolean available = chromium();
        if (!available && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("chromium is missing under CI: .ci/run installs it (.ci/install-chromium.sh)");
        }
        Assumptions.assumeTrue(available, "chromium not installed (.ci/install-chromium.sh installs it)");
        Path plugins = SelfSupProcess.installPlugin(work);
        Path run = evaluatedRun(plugins, "page", 3);
        Path page = run.resolve("eval/report.html");
        assertTrue(Files.exists(run.resolve("plots/label-efficiency.png")));

        String dom = browser(work, "--dump-dom", page.toUri().toString());
        assertTrue(dom.contains("<h1>Evaluation of " + run.getFileName() + "</h1>"), dom);
        assertTrue(dom.contains("<table class=\"results\">"), "results tables");
        assertTrue(dom.contains("logistic: accuracy") && dom.contains("knn-k5: accuracy")
                && dom.contains("knn-k3: accuracy"), "a table per protocol, two kNNs named apart: " + dom);
        assertTrue(dom.contains("liblinear: accuracy"), "a Tribuo trainer chosen only in the recipe");
        assertTrue(dom.contains("<ul id=\"verdict\">"), "the verdict");
        assertEquals(2, dom.split("src=\"data:image/png;base64,", -1).length - 1, "both plots embedded");
        assertTrue(dom.contains("<h2>Settings</h2>"), "the resolved recipe");
        browser(work, "--screenshot=" + work.resolve("page.png"), "--window-size=1200,1600",
                page.toUri().toString());
        assertTrue(Files.size(work.resolve("page.png")) > 10_000, "a screenshot with something on it");

        Files.delete(page);
        SelfSupProcess.Result again = SelfSupProcess.run(work, plugins, "report", run.toString());
        assertEquals(0, again.exitCode(), again.output());
        assertTrue(Files.exists(page), "rendered again from report.json");

        Path other = evaluatedRun(plugins, "other", 4);
        Path comparison = work.resolve("both.html");
        SelfSupProcess.Result both = SelfSupProcess.run(work, plugins, "report", run.toString(), other.toString(),
                "--out", comparison.toString());
        assertEquals(0, both.exitCode(), both.output());
        String compared = browser(work, "--dump-dom", comparison.toUri().toString());
        assertTrue(compared.contains("<table class=\"comparison\">"), compared);
        assertEquals(8, compared.split("<tr><td>", -1).length - 1, "one row per run and protocol: " + compared);
    }
}
