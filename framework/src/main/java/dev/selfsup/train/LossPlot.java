package dev.selfsup.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.data.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws {@code plots/loss.png} from {@code metrics.jsonl}: the training loss per step on the left axis and
 * the learning rate on the right. Rendering is headless.
 */
public final class LossPlot {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LossPlot() {
    }

    /**
     * Draws the plot.
     *
     * @param metrics the metrics file
     * @param png the image to write (its folder is created)
     * @param title the chart title
     * @return the number of points drawn
     * @throws IOException if the metrics cannot be read or the image written
     */
    public static int write(Path metrics, Path png, String title) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true"); // the plot needs no display; set before AWT starts
        }
        XYSeries loss = new XYSeries("loss");
        XYSeries heldOut = new XYSeries("held-out loss");
        XYSeries rate = new XYSeries("learning rate");
        for (String line : Files.readAllLines(metrics)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = JSON.readTree(line);
            if (record.has("step") && record.has("loss")) {
                loss.add(record.get("step").asDouble(), record.get("loss").asDouble());
                if (record.has(HeldOutEvaluation.PREFIX + "loss")) {
                    heldOut.add(record.get("step").asDouble(), record.get(HeldOutEvaluation.PREFIX + "loss").asDouble());
                }
                if (record.has("lr")) {
                    rate.add(record.get("step").asDouble(), record.get("lr").asDouble());
                }
            }
        }
        NumberAxis stepAxis = new NumberAxis("step");
        NumberAxis lossAxis = new NumberAxis("loss");
        lossAxis.setAutoRangeIncludesZero(false);
        XYSeriesCollection losses = new XYSeriesCollection(loss);
        if (heldOut.getItemCount() > 0) {
            losses.addSeries(heldOut);
        }
        XYPlot plot = new XYPlot(losses, stepAxis, lossAxis, renderer(new Color(31, 119, 180)));
        if (heldOut.getItemCount() > 0) {
            plot.getRenderer().setSeriesPaint(1, new Color(44, 160, 44));
        }
        NumberAxis rateAxis = new NumberAxis("learning rate");
        plot.setRangeAxis(1, rateAxis);
        plot.setDataset(1, new XYSeriesCollection(rate));
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setRenderer(1, renderer(new Color(255, 127, 14)));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        AtomicFiles.write(png, temporary -> ChartUtils.saveChartAsPNG(temporary.toFile(), chart, 900, 500));
        return loss.getItemCount();
    }

    private static XYLineAndShapeRenderer renderer(Color color) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, color);
        renderer.setSeriesStroke(0, new BasicStroke(1.5f));
        return renderer;
    }
}
