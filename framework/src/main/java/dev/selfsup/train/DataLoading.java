package dev.selfsup.train;

import dev.selfsup.api.Settings;

/**
 * How training batches are read: {@code workers} threads read and augment batches up to {@code prefetch} steps
 * ahead of training ({@code train.data_loader} in recipes). Neither changes what a batch holds.
 *
 * @param workers worker threads; 0 reads each batch on the training thread
 * @param prefetch batches read ahead, at least 1
 */
public record DataLoading(int workers, int prefetch) {

    /** One worker, two batches ahead. */
    public static final DataLoading DEFAULT = new DataLoading(1, 2);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if workers is negative or prefetch below 1
     */
    public DataLoading {
        if (workers < 0 || prefetch < 1) {
            throw new IllegalArgumentException("workers must be >= 0 and prefetch >= 1, got " + workers + " and "
                    + prefetch);
        }
    }

    /**
     * Reads the {@code data_loader} section of a validated {@code train} section.
     *
     * @param train the {@code train} section
     * @return the settings
     */
    public static DataLoading from(Settings train) {
        Settings loader = train.getSection("data_loader");
        return new DataLoading(loader.getInt("workers"), loader.getInt("prefetch"));
    }
}
