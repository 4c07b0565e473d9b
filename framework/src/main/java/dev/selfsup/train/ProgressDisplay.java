package dev.selfsup.train;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A progress line with step, loss, rate and ETA (or another task's units done). On a terminal it redraws one line in place; otherwise
 * it prints a plain line at most every {@code plainIntervalSeconds}, so logs stay readable.
 */
public final class ProgressDisplay {

    private final PrintStream out;
    private final boolean terminal;
    private final long totalSteps;
    private final long plainIntervalNanos;
    private long startNanos = System.nanoTime();
    private long lastPrintNanos;
    private long firstStep;

    /**
     * Creates a display.
     *
     * @param out where to print
     * @param terminal whether {@code out} is an interactive terminal
     * @param totalSteps the number of steps of the run
     * @param plainIntervalSeconds minimum seconds between plain lines
     */
    public ProgressDisplay(PrintStream out, boolean terminal, long totalSteps, double plainIntervalSeconds) {
        this.out = out;
        this.terminal = terminal;
        this.totalSteps = totalSteps;
        this.plainIntervalNanos = (long) (plainIntervalSeconds * 1e9);
        this.lastPrintNanos = startNanos;
    }

    /**
     * Starts timing from a step, so rate and ETA count only the steps of this process (after a resume).
     *
     * @param step the first step this process trains (0-based)
     */
    public void begin(long step) {
        firstStep = step;
        startNanos = System.nanoTime();
        lastPrintNanos = startNanos;
    }

    /**
     * Reports a finished step.
     *
     * @param step the 0-based step just finished
     * @param loss its loss
     * @param samplesPerSecond the recent throughput
     */
    public void update(long step, double loss, double samplesPerSecond) {
        show(step + 1, String.format("step %d/%d  loss %.4f  %.1f samples/s", step + 1, totalSteps, loss,
                samplesPerSecond));
    }

    /**
     * Reports progress of some other long task in the same style (embedding, kNN prediction, fine-tuning).
     *
     * @param done units done, at most the total this display was created with
     * @param what the task and its units, e.g. {@code embedding pretrained: rows}
     */
    public void update(long done, String what) {
        show(done, String.format("%s %d/%d", what, done, totalSteps));
    }

    private void show(long done, String middle) {
        long now = System.nanoTime();
        boolean last = done >= totalSteps;
        if (!terminal && !last && now - lastPrintNanos < plainIntervalNanos) {
            return;
        }
        lastPrintNanos = now;
        double elapsed = (now - startNanos) / 1e9;
        long counted = done - firstStep;
        double perUnit = counted > 0 ? elapsed / counted : 0;
        long eta = Math.round(perUnit * (totalSteps - done));
        int width = 24;
        int filled = (int) Math.min(width, Math.round(width * (double) done / Math.max(1, totalSteps)));
        String line = String.format("[%s%s] %s  elapsed %s  eta %s", "#".repeat(filled), ".".repeat(width - filled),
                middle, format(Math.round(elapsed)), format(eta));
        if (terminal) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String format(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        return String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
