package dev.selfsup.fault;

import java.io.IOException;
import java.util.Locale;

/**
 * Named points where a fault can be injected, as FreeBSD's fail(9) or etcd's gofail do: the reliability suite uses
 * them to simulate what it cannot cause for real (a full disk, an exception deep inside a task, a NaN gradient, a
 * kill in the middle of a checkpoint), and an operator can run the same drill on a real machine. Off unless the
 * system property {@value #PROPERTY} is set, e.g.
 * {@code -Dselfsup.failpoints=checkpoint.write=enospc@20,pretext.step=throw@35}: a comma-separated list of
 * {@code POINT=ACTION[@STEP]}. Actions: {@code enospc} (an {@link IOException} "No space left on device"),
 * {@code throw} (a {@link RuntimeException}), {@code nan} (the point's value becomes NaN) and {@code pause} (prints
 * {@code failpoint POINT paused} on standard error and blocks, to be killed). Without {@code @STEP} the fault fires
 * at every step. The points:
 * <ul>
 *   <li>{@code checkpoint.write}: half-way through writing a checkpoint (after the parameters, before the optimizer
 *       state): {@code enospc} or {@code pause};</li>
 *   <li>{@code encoder.write}: while a trained encoder is written into the run folder: {@code enospc};</li>
 *   <li>{@code pretext.step}: inside a training step, after the task's forward pass: {@code throw};</li>
 *   <li>{@code gradient}: after the backward pass: {@code nan} poisons a gradient.</li>
 * </ul>
 */
public final class Failpoints {

    /** The system property that arms failpoints. */
    public static final String PROPERTY = "selfsup.failpoints";

    /** Stands for "no step" at points that are not inside the training loop. */
    public static final long ANY_STEP = -1;

    private Failpoints() {
    }

    /** The action armed at a point for a step, or null. */
    private static String action(String point, long step) {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank()) {
            return null;
        }
        for (String entry : spec.split(",")) {
            int equals = entry.indexOf('=');
            if (equals < 0 || !entry.substring(0, equals).trim().equals(point)) {
                continue;
            }
            String action = entry.substring(equals + 1).trim();
            int at = action.indexOf('@');
            if (at >= 0) {
                long armedStep;
                try {
                    armedStep = Long.parseLong(action.substring(at + 1).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(PROPERTY + ": '" + entry.trim() + "' is not POINT=ACTION@STEP "
                            + "with a step number", e);
                }
                if (step == ANY_STEP || armedStep != step) {
                    continue;
                }
                action = action.substring(0, at).trim();
            }
            return action.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /**
     * An I/O point: throws as a full disk would, or pauses, when armed.
     *
     * @param point the point's name
     * @param step the training step, or {@link #ANY_STEP}
     * @throws IOException "No space left on device" when armed with {@code enospc}
     */
    public static void io(String point, long step) throws IOException {
        String action = action(point, step);
        if ("enospc".equals(action)) {
            throw new IOException("No space left on device (simulated by failpoint " + point + ")");
        }
        if ("pause".equals(action)) {
            pause(point);
        }
    }

    /**
     * A point that throws when armed with {@code throw}.
     *
     * @param point the point's name
     * @param step the training step
     */
    public static void fire(String point, long step) {
        if ("throw".equals(action(point, step))) {
            throw new IllegalStateException("simulated failure at failpoint " + point + " (step " + step + ")");
        }
    }

    /**
     * Whether a point is armed with {@code nan} for this step.
     *
     * @param point the point's name
     * @param step the training step
     * @return true if the caller should make its value NaN
     */
    public static boolean nan(String point, long step) {
        return "nan".equals(action(point, step));
    }

    private static void pause(String point) {
        System.err.println("failpoint " + point + " paused");
        System.err.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
