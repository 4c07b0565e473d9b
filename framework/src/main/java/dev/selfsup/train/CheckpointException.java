package dev.selfsup.train;

/** A checkpoint that cannot be used for this run: written by another run, or unreadable beyond its checksums. */
public final class CheckpointException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the checkpoint
     * @param cause the underlying failure, or null
     */
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
