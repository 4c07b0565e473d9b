package dev.selfsup.eval;

import java.util.List;

/**
 * The mean of a metric over seeded label subsets, with its spread and a 95% interval for the mean.
 *
 * <p>With two or more subsets the interval is Student's t: {@code mean ± t(0.975, n-1) · sd / sqrt(n)}, the
 * uncertainty that comes from which labels were drawn. With one subset (at 100% of the labels every subset is the
 * same) there is no such spread; for an accuracy the interval is then the test set's own binomial sampling error,
 * {@code ± 1.96 · sqrt(p (1 - p) / testExamples)}, and for other metrics there is none.
 *
 * @param mean the mean
 * @param sd the sample standard deviation (0 for one value)
 * @param n the number of subsets
 * @param low the interval's lower end ({@code NaN} when there is none)
 * @param high the interval's upper end ({@code NaN} when there is none)
 */
public record Spread(double mean, double sd, int n, double low, double high) {

    /** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T_975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};
    private static final double Z_975 = 1.96;

    /**
     * Summarises values.
     *
     * @param values one per subset, at least one
     * @param binomialTestRows for an accuracy, the test rows behind each value (the one-subset interval); 0 otherwise
     * @return the summary
     */
    public static Spread of(List<Double> values, int binomialTestRows) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values to summarise");
        }
        int n = values.size();
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0.0;
        double half;
        if (n > 1) {
            half = t975(n - 1) * sd / Math.sqrt(n);
        } else if (binomialTestRows > 0) {
            half = Z_975 * Math.sqrt(mean * (1 - mean) / binomialTestRows);
        } else {
            half = Double.NaN;
        }
        return new Spread(mean, sd, n, mean - half, mean + half);
    }

    /**
     * Returns whether there is an interval.
     *
     * @return false for one non-accuracy value
     */
    public boolean hasInterval() {
        return !Double.isNaN(low);
    }

    /**
     * Returns whether two intervals are disjoint, the report's test for a significant difference (conservative:
     * overlapping 95% intervals can still differ at 5%).
     *
     * @param other the other summary
     * @return true if both have intervals and they do not overlap
     */
    public boolean separatedFrom(Spread other) {
        return hasInterval() && other.hasInterval() && (low > other.high || high < other.low);
    }

    static double t975(int degreesOfFreedom) {
        return degreesOfFreedom <= T_975.length ? T_975[degreesOfFreedom - 1] : Z_975;
    }
}
