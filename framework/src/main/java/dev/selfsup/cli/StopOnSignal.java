package dev.selfsup.cli;

import dev.selfsup.SelfSup;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a graceful stop while a command runs: the first signal asks the
 * run to stop after the current step and write a checkpoint; a second one exits at once. The previous
 * handlers come back on {@link #close}. Uses {@code sun.misc.Signal} (module jdk.unsupported), the only way
 * in Java 17 to handle a signal without starting JVM shutdown, which would not wait for the checkpoint.
 */
final class StopOnSignal implements AutoCloseable {

    private static final Map<String, Integer> NUMBERS = Map.of("INT", 2, "TERM", 15);

    private final Map<Signal, SignalHandler> previous = new HashMap<>();
    private final AtomicInteger received = new AtomicInteger();

    /**
     * Installs the handlers.
     *
     * @param selfsup the instance whose run is stopped
     * @param err where the notice is printed
     */
    StopOnSignal(SelfSup selfsup, PrintStream err) {
        for (Map.Entry<String, Integer> entry : NUMBERS.entrySet()) {
            Signal signal = new Signal(entry.getKey());
            int number = entry.getValue();
            try {
                previous.put(signal, Signal.handle(signal, s -> {
                if (received.compareAndSet(0, number)) {
                    err.println(System.lineSeparator() + "SIG" + s.getName()
                            + ": stopping after the current step and writing a checkpoint (signal again to quit now)");
                    selfsup.requestStop("SIG" + s.getName());
                } else {
                    err.println("second signal: quitting without a checkpoint");
                    Runtime.getRuntime().halt(128 + number);
                }
                }));
            } catch (IllegalArgumentException e) {
                // the JVM reserves this signal (e.g. under -Xrs): the default action stays, without a checkpoint
                err.println("note: SIG" + entry.getKey() + " cannot be handled here (" + e.getMessage()
                        + "); it will stop the run without a checkpoint");
            }
        }
    }

    /**
     * Returns the exit code for a run stopped by a signal: 128 plus the signal number, as shells expect.
     *
     * @return 130 for SIGINT, 143 for SIGTERM, or 0 if no signal arrived
     */
    int exitCode() {
        int number = received.get();
        return number == 0 ? 0 : 128 + number;
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
