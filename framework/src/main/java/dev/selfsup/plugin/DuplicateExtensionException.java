package dev.selfsup.plugin;

/** Two plugins claim the same extension name. */
public final class DuplicateExtensionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param first the extension registered first
     * @param second the extension claiming the same name
     */
    public DuplicateExtensionException(RegisteredExtension first, RegisteredExtension second) {
        super(first.kind().label() + " name '" + first.name() + "' is claimed twice: by "
                + describe(first) + " and by " + describe(second)
                + "; remove one of the jars or rename the extension");
    }

    private static String describe(RegisteredExtension e) {
        return e.extension().getClass().getName() + " in " + e.origin();
    }
}
