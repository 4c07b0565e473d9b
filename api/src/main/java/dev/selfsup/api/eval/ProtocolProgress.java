package dev.selfsup.api.eval;

/** Receives the progress of a protocol's long steps (training epochs, predicting a large test split). */
@FunctionalInterface
public interface ProtocolProgress {

    /**
     * Reports progress; cheap enough to call often (the framework rate-limits what it prints).
     *
     * @param what the step, e.g. {@code knn prediction}
     * @param done units done
     * @param total units in all
     */
    void update(String what, long done, long total);
}
