package dev.selfsup.api;

import java.util.Objects;

/**
 * Where a recipe value came from: a file position, a {@code --set} expression or program code.
 *
 * @param file the file name as the user gave it, or a pseudo-source such as {@code --set a.b=c}
 * @param line the 1-based line, or 0 when the source has no lines
 * @param column the 1-based column, or 0 when the source has no lines
 */
public record SourceLocation(String file, int line, int column) {

    private static final SourceLocation CODE = new SourceLocation("<code>", 0, 0);

    /**
     * Validates the components.
     *
     * @param file the file name or pseudo-source
     * @param line the 1-based line, or 0
     * @param column the 1-based column, or 0
     * @throws NullPointerException if {@code file} is null
     * @throws IllegalArgumentException if {@code line} or {@code column} is negative
     */
    public SourceLocation {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must not be negative");
        }
    }

    /**
     * The location of a value given on the command line.
     *
     * @param expression the whole {@code key=value} expression
     * @return a location printed as {@code --set <expression>}
     */
    public static SourceLocation commandLine(String expression) {
        return new SourceLocation("--set " + expression, 0, 0);
    }

    /**
     * The location of a value set by program code.
     *
     * @return a location printed as {@code <code>}
     */
    public static SourceLocation code() {
        return CODE;
    }

    /**
     * Formats the location as {@code file:line:column}, or just {@code file} when it has no line.
     *
     * @return the printable location
     */
    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line + ":" + column;
    }
}
