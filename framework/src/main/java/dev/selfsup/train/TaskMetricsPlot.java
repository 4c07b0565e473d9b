package dev.selfsup.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.data.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws {@code plots/task-metrics.png} from {@code metrics.jsonl}: one panel per metric the pretext task logs
 * beside its loss (a contrastive accuracy, a code perplexity, the collapse monitors, held-out figures...), over a
 * shared step axis, so that what a task says about its own health is seen at a glance. The loop's own fields
 * (loss, learning rate, throughput, memory) are {@link LossPlot}'s or the benchmark's. Rendering is headless.
 */
public final class TaskMetricsPlot {

    /** Fields every record has that are the loop's, not the task's. */
    static final Set<String> LOOP_FIELDS = Set.of("step", "epoch", "total_steps", "loss", "lr", "grad_norm",
            "samples_per_s", "data_wait_pct", "elapsed_s", "rss_mb", "heap_used_mb", "native_mb", "tokens_per_s",
            "batch_tokens");
    /** Panels at most; further metrics are left out, in the order first seen. */
    static final int MAX_PANELS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskMetricsPlot() {
    }

    /**
     * Draws the plot when the task logs any metric of its own.
     *
     * @param metrics the metrics file
     * @param png the image to write (its folder is created)
     * @param title the chart title
     * @return the metrics drawn, in the order first seen; empty (and nothing written) when there are none
     * @throws IOException if the metrics cannot be read or the image written
     */
    public static List<String> write(Path metrics, Path png, String title) throws IOException {
        Map<String, XYSeries> series = new LinkedHashMap<>();
        for (String line : Files.readAllLines(metrics)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = JSON.readTree(line);
            if (!record.has("step")) {
                continue;
            }
            double step = record.get("step").asDouble();
            for (Iterator<Map.Entry<String, JsonNode>> fields = record.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (LOOP_FIELDS.contains(field.getKey()) || !field.getValue().isNumber()) {
                    continue;
                }
                if (series.size() < MAX_PANELS || series.containsKey(field.getKey())) {
                    series.computeIfAbsent(field.getKey(), XYSeries::new).add(step, field.getValue().asDouble());
                }
            }
        }
        if (series.isEmpty()) {
            return List.of();
        }
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("step"));
        combined.setGap(8);
        for (XYSeries metric : series.values()) {
            NumberAxis axis = new NumberAxis(metric.getKey().toString());
            axis.setAutoRangeIncludesZero(false);
            axis.setLabelFont(axis.getLabelFont().deriveFont(10f));
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, metric.getItemCount() < 3);
            renderer.setSeriesPaint(0, new Color(31, 119, 180));
            renderer.setSeriesStroke(0, new BasicStroke(1.5f));
            XYPlot panel = new XYPlot(new XYSeriesCollection(metric), null, axis, renderer);
            panel.setBackgroundPaint(Color.WHITE);
            panel.setDomainGridlinePaint(Color.LIGHT_GRAY);
            panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
            combined.add(panel);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, false);
        chart.setBackgroundPaint(Color.WHITE);
        int height = 80 + 140 * series.size();
        AtomicFiles.write(png, temporary -> ChartUtils.saveChartAsPNG(temporary.toFile(), chart, 900, height));
        return new ArrayList<>(series.keySet());
    }
}
