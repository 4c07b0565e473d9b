package dev.selfsup.recipe;

import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;

import java.util.List;
import java.util.OptionalInt;

/**
 * A training split with the training splits of {@code data.extra} appended: the first source keeps its labels and
 * class names, the appended samples are unlabelled (their classes, if any, are another data set's).
 */
final class AppendedSamples implements SampleSource {

    private final List<SampleSource> sources;
    private final int[] starts;

    AppendedSamples(List<SampleSource> sources) {
        this.sources = List.copyOf(sources);
        this.starts = new int[sources.size() + 1];
        for (int i = 0; i < sources.size(); i++) {
            starts[i + 1] = starts[i] + sources.get(i).size();
        }
    }

    @Override
    public int size() {
        return starts[sources.size()];
    }

    @Override
    public Sample get(int index) {
        int source = sourceOf(index);
        Sample sample = sources.get(source).get(index - starts[source]);
        if (source == 0 || sample.label().isEmpty()) {
            return sample;
        }
        Sample unlabelled = Sample.of(java.util.Map.of(), OptionalInt.empty());
        for (String field : sample.fieldNames()) {
            unlabelled = unlabelled.with(field, sample.get(field, Object.class));
        }
        return unlabelled;
    }

    @Override
    public int label(int index) {
        int source = sourceOf(index);
        return source == 0 ? sources.get(0).label(index) : -1;
    }

    @Override
    public List<String> classNames() {
        return sources.get(0).classNames();
    }

    private int sourceOf(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + size());
        }
        int source = java.util.Arrays.binarySearch(starts, index);
        if (source < 0) {
            return -source - 2;
        }
        while (source + 1 < starts.length - 1 && starts[source + 1] == index) {
            source++; // empty sources share a start
        }
        return source;
    }
}
