package com.example.rotation;

import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.ClassificationMetrics;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.api.eval.ProtocolInput;
import dev.selfsup.api.eval.ProtocolResult;
import org.pf4j.Extension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluate: {protocols: [{type: nearest_mean}]}}: a third-party evaluation protocol, the nearest class mean
 * (each test vector gets the class whose mean training vector is closest). It reports the standard classification
 * metrics plus one of its own, to show that the report prints whatever a protocol returns.
 */
@Extension
public final class NearestMeanProtocolProvider implements EvaluationProtocolProvider {

    @Override
    public String name() {
        return "nearest_mean";
    }

    @Override
    public String description() {
        return "nearest class mean on frozen features (example plugin protocol)";
    }

    @Override
    public SettingsSchema schema() {
        return SettingsSchema.builder().build();
    }

    @Override
    public EvaluationProtocol create(Settings settings) {
        return NearestMeanProtocolProvider::evaluate;
    }

    private static ProtocolResult evaluate(ProtocolInput input) {
        LabelledFeatures train = input.labelled();
        int classes = train.classNames().size();
        int width = train.width();
        double[][] means = new double[classes][width];
        int[] counts = new int[classes];
        for (int i = 0; i < train.rows(); i++) {
            counts[train.labels()[i]]++;
            for (int j = 0; j < width; j++) {
                means[train.labels()[i]][j] += train.features()[i][j];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < width; j++) {
                means[c][j] /= Math.max(1, counts[c]);
            }
        }
        LabelledFeatures test = input.test();
        int[] predicted = new int[test.rows()];
        double distances = 0;
        for (int i = 0; i < test.rows(); i++) {
            double best = Double.MAX_VALUE;
            for (int c = 0; c < classes; c++) {
                if (counts[c] == 0) {
                    continue;
                }
                double d = 0;
                for (int j = 0; j < width; j++) {
                    double diff = test.features()[i][j] - means[c][j];
                    d += diff * diff;
                }
                if (d < best) {
                    best = d;
                    predicted[i] = c;
                }
            }
            distances += Math.sqrt(best);
        }
        Map<String, Double> metrics = new LinkedHashMap<>(ClassificationMetrics.of(test.labels(), predicted, classes));
        metrics.put("mean_distance", distances / test.rows());
        return new ProtocolResult(metrics, Map.of(), List.of());
    }
}
