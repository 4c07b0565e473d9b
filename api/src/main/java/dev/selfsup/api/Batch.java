package dev.selfsup.api;

import java.util.ArrayList;
import java.util.List;

/**
 * One training batch as the framework hands it to {@link PretextTask#collate}: every sample of the batch in
 * each of the recipe's views. {@code view(v).get(i)} is sample {@code i} as view {@code v} sees it, each view
 * augmented from its own random stream keyed by (seed, epoch, sample, view). A recipe without {@code views:}
 * has one view. Immutable.
 */
public final class Batch {

    private final List<List<Sample>> views;

    /**
     * Creates a batch.
     *
     * @param views the samples of each view, all of the same length
     * @throws IllegalArgumentException if there is no view or the views differ in length
     */
    public Batch(List<List<Sample>> views) {
        if (views.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one view");
        }
        List<List<Sample>> copy = new ArrayList<>(views.size());
        for (List<Sample> view : views) {
            if (view.size() != views.get(0).size()) {
                throw new IllegalArgumentException("views of one batch differ in length: " + views.get(0).size()
                        + " and " + view.size());
            }
            copy.add(List.copyOf(view));
        }
        this.views = List.copyOf(copy);
    }

    /**
     * Creates a batch with a single view.
     *
     * @param samples the samples
     * @return the batch
     */
    public static Batch of(List<Sample> samples) {
        return new Batch(List.of(samples));
    }

    /**
     * Returns the number of samples.
     *
     * @return the batch size
     */
    public int size() {
        return views.get(0).size();
    }

    /**
     * Returns the number of views of each sample.
     *
     * @return at least 1
     */
    public int viewCount() {
        return views.size();
    }

    /**
     * Returns the samples as one view sees them.
     *
     * @param index the view, {@code 0 <= index < viewCount()}
     * @return the samples, in batch order
     */
    public List<Sample> view(int index) {
        return views.get(index);
    }

    /**
     * Returns the samples {@code from} (inclusive) to {@code to} (exclusive) in every view: one shard of a
     * data-parallel step.
     *
     * @param from the first sample
     * @param to one past the last sample
     * @return the sub-batch
     */
    public Batch slice(int from, int to) {
        List<List<Sample>> parts = new ArrayList<>(views.size());
        for (List<Sample> view : views) {
            parts.add(view.subList(from, to));
        }
        return new Batch(parts);
    }
}
