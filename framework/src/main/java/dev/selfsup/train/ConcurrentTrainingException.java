package dev.selfsup.train;

/** A training was started while another one runs in the same JVM. */
public final class ConcurrentTrainingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     */
    public ConcurrentTrainingException(String message) {
        super(message);
    }
}
