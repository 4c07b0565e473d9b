package dev.selfsup.recipe;

import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in recipe strings with environment values;
 * <code>$${</code> stands for a literal <code>${</code>. As in the shell, the default applies when the variable
 * is unset or empty.
 */
final class Interpolator {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final Map<String, String> environment;

    Interpolator(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Whether the text may need interpolation. */
    static boolean mayContainExpression(String text) {
        return text.contains("${");
    }

    /** Whether the whole text is a single {@code ${...}} expression (its result is then re-typed). */
    static boolean isWholeExpression(String text) {
        return EXPRESSION.matcher(text).matches();
    }

    /** Escapes a literal string so that interpolation gives it back unchanged. */
    static String escape(String text) {
        return text.replace("${", "$${");
    }

    /**
     * Substitutes every expression.
     *
     * @return the substituted text, or null after appending a problem for an unset variable or a
     *     malformed expression
     */
    String apply(String text, SourceLocation where, String key, List<RecipeProblem> problems) {
        StringBuilder result = new StringBuilder();
        Matcher matcher = EXPRESSION.matcher(text);
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                result.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                if (!matcher.region(i, text.length()).lookingAt()) {
                    problems.add(new RecipeProblem(where, key,
                            "malformed expression in '" + text + "'; expected ${VAR} or ${VAR:-default}"));
                    return null;
                }
                String value = environment.get(matcher.group(1));
                if (value == null || value.isEmpty() && matcher.group(2) != null) {
                    if (matcher.group(2) == null) {
                        problems.add(new RecipeProblem(where, key,
                                "environment variable '" + matcher.group(1) + "' is not set"));
                        return null;
                    }
                    value = matcher.group(2);
                }
                result.append(value);
                i = matcher.end();
            } else {
                result.append(text.charAt(i));
                i++;
            }
        }
        return result.toString();
    }
}
