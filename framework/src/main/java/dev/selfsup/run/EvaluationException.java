package dev.selfsup.run;

/**
 * The evaluation of a run failed after its pretraining completed; the message says why and how to evaluate
 * the saved encoder again (the pretraining is never lost to it).
 */
public final class EvaluationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed and how to evaluate again
     * @param cause the underlying failure
     */
    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
