package dev.selfsup.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the reliability suite did, counted: bad inputs tried, faults injected, runs resumed after a fault, and
 * data lost (checkpointed steps or saved files that a fault destroyed; the suite's promise is that this stays 0).
 * Each count is kept per category (the test area) so the totals say where the cases are.
 * {@link TotalsListener} prints and saves the totals when the test plan ends.
 */
final class Ledger {

    /** The counted quantities. */
    enum Count {
        BAD_INPUTS("bad inputs tried"),
        FAULTS_INJECTED("faults injected"),
        RUNS_RESUMED("runs resumed"),
        DATA_LOST("data lost");

        final String label;

        Count(String label) {
            this.label = label;
        }
    }

    private static final Map<Count, Map<String, AtomicLong>> COUNTS = new java.util.EnumMap<>(Count.class);

    static {
        for (Count count : Count.values()) {
            COUNTS.put(count, new java.util.concurrent.ConcurrentSkipListMap<>());
        }
    }

    private Ledger() {
    }

    /** Adds {@code n} to a count in a category. */
    private static void add(Count count, String category, long n) {
        COUNTS.get(count).computeIfAbsent(category, c -> new AtomicLong()).addAndGet(n);
    }

    static void badInput(String category) {
        add(Count.BAD_INPUTS, category, 1);
    }

    static void fault(String category) {
        add(Count.FAULTS_INJECTED, category, 1);
    }

    static void resumed(String category) {
        add(Count.RUNS_RESUMED, category, 1);
    }

    /** Records data lost by a case (0 is recorded too, so the category shows that it was checked). */
    static void dataLost(String category, long n) {
        add(Count.DATA_LOST, category, n);
    }

    /** The totals, per count and category. */
    static Map<Count, Map<String, Long>> snapshot() {
        Map<Count, Map<String, Long>> out = new java.util.EnumMap<>(Count.class);
        COUNTS.forEach((count, categories) -> {
            Map<String, Long> copy = new TreeMap<>();
            categories.forEach((category, n) -> copy.put(category, n.get()));
            out.put(count, copy);
        });
        return out;
    }
}
