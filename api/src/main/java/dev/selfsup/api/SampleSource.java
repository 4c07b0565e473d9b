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

    /**
     * Returns a view of some of this split's samples, in the given order.
     *
     * @param rows indices into this split
     * @return the view (it reads through to this split)
     */
    default SampleSource subset(int[] rows) {
        SampleSource source = this;
        int[] kept = rows.clone();
        return new SampleSource() {
            @Override
            public int size() {
                return kept.length;
            }

            @Override
            public Sample get(int index) {
                return source.get(kept[index]);
            }

            @Override
            public List<String> classNames() {
                return source.classNames();
            }

            @Override
            public int label(int index) {
                return source.label(kept[index]);
            }
        };
    }
}
