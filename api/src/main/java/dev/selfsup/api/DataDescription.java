package dev.selfsup.api;

import java.util.List;

/**
 * What a pretext task may know of the data before it is opened: the fields every sample holds and the
 * classes of the labelled splits.
 *
 * @param fields the sample fields, e.g. {@code [image]} or {@code [image, text]}
 * @param classNames the class names of the labelled splits, empty if the data set is unlabelled
 */
public record DataDescription(List<String> fields, List<String> classNames) {

    /**
     * Copies the values.
     */
    public DataDescription {
        fields = List.copyOf(fields);
        classNames = List.copyOf(classNames);
    }

    /**
     * Returns the number of classes.
     *
     * @return 0 for unlabelled data
     */
    public int classCount() {
        return classNames.size();
    }
}
