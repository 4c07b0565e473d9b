package dev.selfsup.embed;

import ai.djl.ndarray.NDManager;
import dev.selfsup.api.PretextTask;

/**
 * A run's pretext task rebuilt from its recipe with every trained part loaded: each saved encoder and each exported
 * part ({@link PretextTask#exports()}), for what needs more than one encoder (retrieval, zero-shot classification
 * through projection heads). Holds native memory: close it.
 */
public final class TrainedTask implements AutoCloseable {

    private final PretextTask task;
    private final NDManager manager;

    TrainedTask(PretextTask task, NDManager manager) {
        this.task = task;
        this.manager = manager;
    }

    /**
     * Returns the task, its encoders and exports holding their trained parameters.
     *
     * @return the task
     */
    public PretextTask task() {
        return task;
    }

    /**
     * Returns the manager owning the parameters (on the run's device).
     *
     * @return the manager
     */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
