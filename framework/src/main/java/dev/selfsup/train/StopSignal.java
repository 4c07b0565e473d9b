package dev.selfsup.train;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A request, from any thread, that training stop at the next step boundary: the loop finishes the step in
 * progress, writes a checkpoint and returns, so the run can be resumed. The CLI raises it on SIGINT and
 * SIGTERM; embedding applications call {@link #request}.
 */
public final class StopSignal {

    private final AtomicReference<String> reason = new AtomicReference<>();

    /**
     * Asks the loop to stop; later calls keep the first reason.
     *
     * @param why why, for the message (e.g. "SIGTERM")
     * @return true if this was the first request
     */
    public boolean request(String why) {
        return reason.compareAndSet(null, why);
    }

    /**
     * Returns whether a stop was requested.
     *
     * @return true once {@link #request} was called
     */
    public boolean isRequested() {
        return reason.get() != null;
    }

    /**
     * Returns the reason given to the first request.
     *
     * @return the reason, or null if none was requested
     */
    public String reason() {
        return reason.get();
    }

    /** Forgets a request, before a new run starts. */
    public void clear() {
        reason.set(null);
    }
}
