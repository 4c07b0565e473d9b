package dev.selfsup.cli;

import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.SourceLocation;
import dev.selfsup.api.data.DataException;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Known input errors exit 2 in one line; anything else exits 1 with the stack trace. */
class ExitCodeTest {

    private static String[] report(Exception e, boolean verbose) {
        StringWriter text = new StringWriter();
        int code = SelfSupCommand.report(e, new PrintWriter(text, true), verbose);
        return new String[] {Integer.toString(code), text.toString()};
    }

    @Test
    void inputErrorsExitTwoInOneLine() {
        String[] data = report(new DataException("data/train.idx is truncated"), false);
        assertEquals("2", data[0]);
        assertEquals("error: data/train.idx is truncated", data[1].strip());
        RecipeException recipe = new RecipeException(new RecipeProblem(new SourceLocation("r.yaml", 3, 1), "seed",
                "expected an integer"));
        String[] invalid = report(recipe, false);
        assertEquals("2", invalid[0]);
        assertFalse(invalid[1].contains("\tat "), "no stack trace: " + invalid[1]);
    }

    @Test
    void anUnexpectedFailureExitsOneWithItsStackTrace() {
        String[] defect = report(new NullPointerException("x is null"), false);
        assertEquals("1", defect[0]);
        assertTrue(defect[1].startsWith("error: unexpected failure: x is null"), defect[1]);
        assertTrue(defect[1].contains("\tat dev.selfsup.cli.ExitCodeTest"), "the stack trace follows: " + defect[1]);
    }
}
