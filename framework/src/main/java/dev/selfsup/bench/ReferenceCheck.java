package dev.selfsup.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a PyTorch reference's check ({@code bench/reference/<task>.py check DIR}) on an export of
 * {@link ReferenceExport}: the reference loads selfsup's weights and batch, computes the loss, the gradient norm and
 * the loss after one step, and compares them with selfsup's. The references need Debian's {@code python3-torch}
 * ({@code bench/reference/install.sh}).
 */
public final class ReferenceCheck {

    private static final String PYTHON = "/usr/bin/python3";

    /**
     * What the check printed and returned.
     *
     * @param exitCode 0 when every figure agrees
     * @param output its output
     */
    public record Result(int exitCode, String output) {

        /**
         * Says whether the reference computed selfsup's numbers.
         *
         * @return true when it exited 0 and printed its pass line
         */
        public boolean passed() {
            return exitCode == 0 && output.contains("reference check: PASS");
        }
    }

    private ReferenceCheck() {
    }

    /**
     * Says whether the system Python can run the references.
     *
     * @return true if it imports torch and numpy
     * @throws IOException if Python cannot be started
     * @throws InterruptedException if interrupted while waiting
     */
    public static boolean available() throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import torch, numpy").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        return probe.waitFor(2, TimeUnit.MINUTES) && probe.exitValue() == 0;
    }

    /**
     * Runs a reference's check.
     *
     * @param repository the repository root (holding {@code bench/reference/})
     * @param task the pretext task, naming the reference ({@code mae}, {@code simclr}, {@code mlm})
     * @param export the export folder
     * @return its result
     * @throws IOException if Python cannot be started
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if it runs longer than two minutes
     */
    public static Result run(Path repository, String task, Path export) throws IOException, InterruptedException {
        Path script = repository.resolve("bench").resolve("reference").resolve(task + ".py");
        Process check = new ProcessBuilder(PYTHON, script.toString(), "check", export.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(2, TimeUnit.MINUTES)) {
            check.destroyForcibly();
            throw new IllegalStateException(script + " check did not finish in two minutes");
        }
        return new Result(check.exitValue(), output);
    }
}
