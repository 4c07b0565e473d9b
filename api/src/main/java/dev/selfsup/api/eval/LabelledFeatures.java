package dev.selfsup.api.eval;

import java.util.List;
import java.util.Objects;

/**
 * Frozen feature vectors of some labelled samples: row {@code i} of {@code features} has the class
 * {@code classNames.get(labels[i])}. The arrays are held by reference (they can be large): do not modify them.
 *
 * @param features one vector per sample, all of one width
 * @param labels class index per sample, in {@code [0, classNames.size())}
 * @param classNames the class names, indexed by label
 */
public record LabelledFeatures(float[][] features, int[] labels, List<String> classNames) {

    /** Checks shapes and label range; copies the class names. */
    public LabelledFeatures {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        classNames = List.copyOf(classNames);
        if (features.length != labels.length) {
            throw new IllegalArgumentException("features has " + features.length + " rows but labels has "
                    + labels.length);
        }
        if (features.length == 0) {
            throw new IllegalArgumentException("labelled features need at least one row");
        }
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("classNames is empty");
        }
        int width = features[0].length;
        if (width == 0) {
            throw new IllegalArgumentException("feature vectors are empty");
        }
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has width " + features[i].length + ", expected "
                        + width);
            }
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("row " + i + " has label " + labels[i] + " outside [0, "
                        + classNames.size() + ")");
            }
        }
    }

    /**
     * Returns the number of samples.
     *
     * @return the row count
     */
    public int rows() {
        return features.length;
    }

    /**
     * Returns the feature width.
     *
     * @return the length of every vector
     */
    public int width() {
        return features[0].length;
    }

    /**
     * Returns some of the rows, sharing their vectors.
     *
     * @param rows row indices into this table
     * @return the selected rows, in the order given
     */
    public LabelledFeatures select(int[] rows) {
        float[][] selected = new float[rows.length][];
        int[] selectedLabels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            selected[i] = features[rows[i]];
            selectedLabels[i] = labels[rows[i]];
        }
        return new LabelledFeatures(selected, selectedLabels, classNames);
    }
}
