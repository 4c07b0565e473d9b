package dev.selfsup.api;

import java.util.List;

/** Random-access view of one split of a data set. Implementations must be safe for concurrent reads. */
public interface SampleSource {

    /**
     * Returns the number of samples.
     *
     * @return the size
     */
    int size();

    /**
     * Returns one sample.
     *
     * @param index {@code 0 <= index < size()}
     * @return the sample
     */
    Sample get(int index);

    /**
     * Returns the class names if the split is labelled; class index i is {@code classNames().get(i)}.
     *
     * @return the class names, empty for unlabelled data
     */
    List<String> classNames();

    /**
     * Returns the class label of one sample without building the whole sample.
     *
     * @param index the index
     * @return the label, or -1 for unlabelled data
     */
    default int label(int index) {
        return get(index).label().orElse(-1);
    }
}
