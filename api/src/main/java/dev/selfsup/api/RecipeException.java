package dev.selfsup.api;

import java.util.List;

/** Thrown when a recipe cannot be loaded or does not fit its schema; lists every problem found. */
public class RecipeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<RecipeProblem> problems;

    /**
     * Creates an exception for several problems.
     *
     * @param problems the problems, at least one
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public RecipeException(List<RecipeProblem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Creates an exception for a single problem.
     *
     * @param problem the problem
     */
    public RecipeException(RecipeProblem problem) {
        this(List.of(problem));
    }

    /**
     * The problems, in the order they were found.
     *
     * @return an unmodifiable list with at least one element
     */
    public List<RecipeProblem> problems() {
        return problems;
    }

    private static String format(List<RecipeProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a RecipeException needs at least one problem");
        }
        StringBuilder message = new StringBuilder("invalid recipe:");
        for (RecipeProblem problem : problems) {
            message.append('\n').append(problem);
        }
        return message.toString();
    }
}
