package dev.selfsup.reliability;

import java.util.Set;

/** How the suite judges an error: a clean one names what went wrong; a programming error means trusted input. */
final class Failures {

    /** Exceptions that mean "the code trusted its input", whatever their message. */
    private static final Set<Class<?>> PROGRAMMING_ERRORS = Set.of(NullPointerException.class,
            ArrayIndexOutOfBoundsException.class, IndexOutOfBoundsException.class, NegativeArraySizeException.class,
            ClassCastException.class, ArithmeticException.class, OutOfMemoryError.class, StackOverflowError.class);

    private Failures() {
    }

    static boolean isProgrammingError(Throwable e) {
        return PROGRAMMING_ERRORS.contains(e.getClass());
    }

    /** The throwable and its causes, each as {@code toString()}, so a test can look for a name in any of them. */
    static String chain(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            sb.append(t).append(" <- ");
        }
        return sb.toString();
    }
}
