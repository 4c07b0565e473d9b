package dev.selfsup.eval;

import java.util.List;
import java.util.Objects;

/**
 * Frozen feature vectors of one data split with their integer class labels.
 *
 * <p>Row {@code i} of {@code features} has label {@code labels[i]}, an index into {@code classNames}. The
 * arrays are held by reference (they can be large); callers should not modify them afterwards.
 *
 * @param features   one float vector per example, all of the same width
 * @param labels     class index per example, in {@code [0, classNames.size())}
 * @param classNames the class names, indexed by label
 */
public record FeatureTable(float[][] features, int[] labels, List<String> classNames) {

    /** Validates shapes and label range; copies the class name list. */
    public FeatureTable {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        classNames = List.copyOf(classNames);
        if (features.length != labels.length) {
            throw new IllegalArgumentException(
                    "features has " + features.length + " rows but labels has " + labels.length);
        }
        if (features.length == 0) {
            throw new IllegalArgumentException("a feature table needs at least one row");
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
                throw new IllegalArgumentException(
                        "row " + i + " has width " + features[i].length + ", expected " + width);
            }
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(
                        "row " + i + " has label " + labels[i] + " outside [0, " + classNames.size() + ")");
            }
        }
    }

    /** @return the number of examples */
    public int rows() {
        return features.length;
    }

    /** @return the feature vector width */
    public int width() {
        return features[0].length;
    }
}
