package dev.selfsup.train;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress lines, metrics rewriting on resume, memory figures and the loss plot. */
class ObservabilityTest {

    @TempDir
    Path dir;

    @Test
    void progressIsOnePlainLinePerUpdateWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 100, 0);
        display.begin(40);
        display.update(49, 0.5, 100);
        display.update(99, 0.25, 120);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), "no carriage returns in logs");
        List<String> lines = text.lines().toList();
        assertEquals(2, lines.size(), text);
        assertTrue(lines.get(0).contains("step 50/100") && lines.get(0).contains("loss 0.5000"), lines.get(0));
        assertTrue(lines.get(1).startsWith("[########################] step 100/100"), lines.get(1));
    }

    @Test
    void progressRedrawsOneLineOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay display = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 3, 0);
        display.begin(0);
        for (int step = 0; step < 3; step++) {
            display.update(step, 1.0, 10);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(3, text.chars().filter(c -> c == '\r').count());
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), "a single line, ended after the last step");
        assertTrue(text.endsWith(System.lineSeparator()));
    }

    @Test
    void truncatingMetricsKeepsTheStepsUpToTheCheckpointAndDropsAHalfWrittenLine() throws IOException {
        Path file = dir.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":1,\"loss\":2.0}\n{\"step\":2,\"loss\":1.5}\n{\"step\":3,\"loss\":1.2}\n{\"step\":4,\"lo");
        assertEquals(2, MetricsSink.truncateAfter(file, 2));
        assertEquals(List.of("{\"step\":1,\"loss\":2.0}", "{\"step\":2,\"loss\":1.5}"), Files.readAllLines(file));
        assertEquals(0, MetricsSink.truncateAfter(dir.resolve("absent.jsonl"), 2));
    }

    @Test
    void memoryFiguresAreMeasured() {
        Map<String, Object> m = new MemoryProbe(List.of(Device.cpu())).measure();
        assertTrue((Double) m.get("rss_mb") > 10, m.toString());
        assertTrue((Double) m.get("heap_used_mb") > 0, m.toString());
        assertTrue(m.containsKey("native_mb"), m.toString());
        assertFalse(m.keySet().stream().anyMatch(k -> k.startsWith("gpu")), "no GPU figures on the CPU");
    }

    @Test
    void drawsTheLossPlotFromTheMetrics() throws IOException {
        Path metrics = dir.resolve("metrics.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int step = 1; step <= 50; step++) {
            lines.append("{\"step\":").append(step).append(",\"loss\":").append(2.0 / step).append(",\"lr\":")
                    .append(1e-3 * Math.min(1, step / 10.0)).append("}\n");
        }
        Files.writeString(metrics, lines);
        Path png = dir.resolve("plots/loss.png");
        assertEquals(50, LossPlot.write(metrics, png, "test"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(500, image.getHeight());
    }

    @Test
    void drawsOnePanelPerTaskMetricAndNothingWhenTheTaskLogsNone() throws IOException {
        Path metrics = dir.resolve("metrics.jsonl");
        StringBuilder lines = new StringBuilder();
        for (int step = 10; step <= 200; step += 10) {
            lines.append("{\"step\":").append(step).append(",\"loss\":").append(3.0 / step)
                    .append(",\"lr\":0.001,\"samples_per_s\":50.0,\"contrastive_accuracy\":").append(step / 400.0)
                    .append(",\"code_perplexity\":").append(300 + step).append(",\"note\":\"text is not drawn\"");
            if (step % 50 == 0) {
                lines.append(",\"heldout_loss\":").append(2.0 / step);
            }
            lines.append("}\n");
        }
        Files.writeString(metrics, lines);
        Path png = dir.resolve("plots/task-metrics.png");
        assertEquals(List.of("contrastive_accuracy", "code_perplexity", "heldout_loss"),
                TaskMetricsPlot.write(metrics, png, "test"));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(900, image.getWidth());
        assertEquals(80 + 3 * 140, image.getHeight());

        Path plain = dir.resolve("plain.jsonl");
        Files.writeString(plain, "{\"step\":1,\"loss\":2.0,\"lr\":0.001,\"rss_mb\":300.0}\n");
        Path none = dir.resolve("plots/none.png");
        assertEquals(List.of(), TaskMetricsPlot.write(plain, none, "test"));
        assertFalse(Files.exists(none), "no task metrics, no plot");
    }
}
