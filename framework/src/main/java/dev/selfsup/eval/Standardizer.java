package dev.selfsup.eval;

/**
 * Per-feature standardisation {@code (x - mean) / std}, fitted on a probe's training rows only.
 *
 * <p>Features whose standard deviation is below {@value #MIN_STD} (constant on the fitting rows, such as
 * always-black border pixels) are only centred, not scaled: dividing by a tiny floor would turn a small
 * deviation on unseen rows into an enormous value.
 */
public final class Standardizer {

    /** Standard deviations below this count as zero. */
    public static final double MIN_STD = 1e-6;

    private final double[] means;
    private final double[] scales;

    private Standardizer(double[] means, double[] scales) {
        this.means = means;
        this.scales = scales;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Writes the statistics as JSON ({@code means}, {@code scales}), saved beside a probe that uses them.
     *
     * @param file the file (written atomically)
     * @throws java.io.IOException on failure
     */
    public void write(java.nio.file.Path file) throws java.io.IOException {
        dev.selfsup.data.AtomicFiles.write(file, temporary -> JSON.writeValue(temporary.toFile(),
                java.util.Map.of("means", means, "scales", scales)));
    }

    /**
     * Reads statistics written by {@link #write}.
     *
     * @param file the file
     * @return the standardiser
     * @throws java.io.IOException if it cannot be read or is malformed
     */
    public static Standardizer read(java.nio.file.Path file) throws java.io.IOException {
        double[] m;
        double[] sc;
        try {
            var tree = JSON.readTree(file.toFile());
            m = tree == null ? null : JSON.treeToValue(tree.get("means"), double[].class);
            sc = tree == null ? null : JSON.treeToValue(tree.get("scales"), double[].class);
        } catch (java.io.IOException e) {
            throw new java.io.IOException("cannot read the feature statistics " + file + ": " + e.getMessage(), e);
        }
        if (m == null || sc == null || m.length != sc.length) {
            throw new java.io.IOException(file + " is not a standardiser (means and scales of one length)");
        }
        return new Standardizer(m, sc);
    }

    /**
     * Computes the mean and (population) standard deviation of every feature.
     *
     * @param rows the fitting rows, at least one, all of the same width
     * @return the fitted standardiser
     */
    public static Standardizer fit(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot fit a standardiser on zero rows");
        }
        int width = rows[0].length;
        double[] mean = new double[width];
        for (float[] row : rows) {
            checkWidth(row, width);
            for (int j = 0; j < width; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < width; j++) {
            mean[j] /= rows.length;
        }
        double[] variance = new double[width];
        for (float[] row : rows) {
            for (int j = 0; j < width; j++) {
                double d = row[j] - mean[j];
                variance[j] += d * d;
            }
        }
        double[] scale = new double[width];
        for (int j = 0; j < width; j++) {
            double std = Math.sqrt(variance[j] / rows.length);
            scale[j] = std < MIN_STD ? 1.0 : std;
        }
        return new Standardizer(mean, scale);
    }

    /**
     * Standardises rows of the fitted width.
     *
     * @param rows the rows to transform (left unchanged)
     * @return new arrays holding the standardised rows
     */
    public float[][] apply(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            checkWidth(rows[i], means.length);
            float[] row = new float[means.length];
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) ((rows[i][j] - means[j]) / scales[j]);
            }
            out[i] = row;
        }
        return out;
    }

    /** @return a copy of the fitted per-feature means */
    public double[] means() {
        return means.clone();
    }

    /** @return a copy of the per-feature divisors (the standard deviation, or 1 for constant features) */
    public double[] scales() {
        return scales.clone();
    }

    private static void checkWidth(float[] row, int width) {
        if (row.length != width) {
            throw new IllegalArgumentException("row width " + row.length + ", expected " + width);
        }
    }
}
