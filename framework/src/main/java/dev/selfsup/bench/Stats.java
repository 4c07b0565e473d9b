package dev.selfsup.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics of a sample of timings. */
final class Stats {

    private Stats() {
    }

    /**
     * Returns a quantile by linear interpolation.
     *
     * @param values the sample (not empty)
     * @param q the quantile in [0, 1]
     * @return the quantile
     */
    static double quantile(List<Double> values, double q) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        double position = q * (sorted.length - 1);
        int low = (int) Math.floor(position);
        int high = (int) Math.ceil(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    /**
     * Returns the median.
     *
     * @param values the sample (not empty)
     * @return the median
     */
    static double median(List<Double> values) {
        return quantile(values, 0.5);
    }
}
