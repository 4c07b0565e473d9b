package dev.selfsup.store;

/** A run folder is locked by another run (another process, or another run in this one). */
public final class RunFolderInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which folder, who holds it and what to do
     */
    public RunFolderInUseException(String message) {
        super(message);
    }
}
