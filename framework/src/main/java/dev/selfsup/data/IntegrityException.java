package dev.selfsup.data;

/**
 * A file does not match the SHA-256 recorded when it was written (modified, truncated or corrupt), or the
 * record itself is missing; the message names the file and what to do.
 */
public final class IntegrityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which file, what is wrong, and what to do
     */
    public IntegrityException(String message) {
        super(message);
    }
}
