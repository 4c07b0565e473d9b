package dev.selfsup.eval;

import dev.selfsup.data.AtomicFiles;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;

/**
 * Draws {@code plots/label-efficiency.png}: for each protocol a panel of its headline metric (accuracy) against the
 * label fraction on a log scale, one line per representation, each point the mean over the label subsets with
 * error bars of one standard deviation. Rendering is headless.
 */
public final class LabelEfficiencyPlot {

    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189)};
    private static final int PANEL_HEIGHT = 260;
    private static final java.awt.Shape POINT = new java.awt.geom.Ellipse2D.Double(-3.5, -3.5, 7, 7);

    private LabelEfficiencyPlot() {
    }

    /**
     * Draws the plot.
     *
     * @param report the evaluation
     * @param png the image to write (its folder is created)
     * @param title the chart title
     * @return the number of points drawn
     * @throws IOException if the image cannot be written
     */
    public static int write(EvaluationReport report, Path png, String title) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        LogAxis fractionAxis = new LogAxis("share of training labels (log scale)");
        fractionAxis.setBase(10);
        fractionAxis.setSmallestValue(1e-4);
        fractionAxis.setTickUnit(new NumberTickUnit(1)); // one tick per decade: 1%, 10%, 100%
        fractionAxis.setNumberFormatOverride(new DecimalFormat("0.###%"));
        fractionAxis.setMinorTickMarksVisible(false);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(fractionAxis);
        combined.setGap(12);
        int points = 0;
        List<String> protocols = report.protocols();
        for (String protocol : protocols) {
            YIntervalSeriesCollection lines = new YIntervalSeriesCollection();
            String metric = null;
            for (String representation : report.representations()) {
                YIntervalSeries series = new YIntervalSeries(representation);
                for (double fraction : report.fractions(protocol)) {
                    List<ProtocolOutcome> found = report.find(representation, protocol, fraction);
                    if (found.isEmpty()) {
                        continue;
                    }
                    metric = found.get(0).headline();
                    Spread spread = report.summary(representation, protocol, fraction, metric).orElseThrow();
                    series.add(fraction, 100 * spread.mean(), 100 * (spread.mean() - spread.sd()),
                            100 * (spread.mean() + spread.sd()));
                    points++;
                }
                if (series.getItemCount() > 0) {
                    lines.addSeries(series);
                }
            }
            NumberAxis metricAxis = new NumberAxis(protocol + ": " + metric + " %");
            metricAxis.setAutoRangeIncludesZero(false);
            XYErrorRenderer renderer = new XYErrorRenderer();
            renderer.setDrawXError(false);
            renderer.setDefaultLinesVisible(true);
            renderer.setDefaultShapesVisible(true);
            renderer.setAutoPopulateSeriesShape(false);
            renderer.setDefaultShape(POINT);
            for (int s = 0; s < lines.getSeriesCount(); s++) {
                Color color = COLORS[colorIndex(report, (String) lines.getSeriesKey(s))];
                renderer.setSeriesPaint(s, color);
                renderer.setSeriesStroke(s, new BasicStroke(1.8f));
            }
            renderer.setErrorStroke(new BasicStroke(1.2f));
            XYPlot panel = new XYPlot(lines, null, metricAxis, renderer);
            panel.setBackgroundPaint(Color.WHITE);
            panel.setDomainGridlinePaint(Color.LIGHT_GRAY);
            panel.setRangeGridlinePaint(Color.LIGHT_GRAY);
            combined.add(panel, 1);
        }
        LegendItemCollection legend = new LegendItemCollection();
        for (String representation : report.representations()) {
            legend.add(new LegendItem(representation, null, null, null, POINT,
                    COLORS[colorIndex(report, representation)]));
        }
        combined.setFixedLegendItems(legend); // one entry per representation, not one per panel
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.addSubtitle(new TextTitle("mean over seeded label subsets, bars: ± one standard deviation",
                new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        int height = 120 + PANEL_HEIGHT * Math.max(1, protocols.size());
        AtomicFiles.write(png, temporary -> ChartUtils.saveChartAsPNG(temporary.toFile(), chart, 900, height));
        return points;
    }

    /** The same colour for a representation in every panel. */
    private static int colorIndex(EvaluationReport report, String representation) {
        return Math.max(0, report.representations().indexOf(representation)) % COLORS.length;
    }
}
