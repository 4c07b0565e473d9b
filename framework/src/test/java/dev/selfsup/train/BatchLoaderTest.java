package dev.selfsup.train;

import dev.selfsup.api.Augmentation;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchLoaderTest {

    /** Adds noise from the stream to every value: a view that depends on its stream alone. */
    private static final Augmentation NOISE = (sample, random) -> {
        float[] x = sample.get("x", float[].class).clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) random.nextGaussian();
        }
        return sample.with("x", x);
    };

    private static List<List<float[]>> read(int workers, int prefetch, long steps) {
        List<List<float[]>> batches = new ArrayList<>();
        try (BatchLoader loader = new BatchLoader(PretrainingLoopTest.DATA, List.of(List.of(NOISE), List.of(NOISE)),
                new StepSeeds(7), BatchPlan.fixed(16, 4, steps), workers, prefetch)) {
            for (long step = 0; step < steps; step++) {
                Batch batch = loader.batch(step);
                List<float[]> values = new ArrayList<>();
                for (int v = 0; v < batch.viewCount(); v++) {
                    batch.view(v).forEach(s -> values.add(s.get("x", float[].class)));
                }
                batches.add(values);
            }
        }
        return batches;
    }

    @Test
    void batchesAreTheSameWhateverTheWorkersAndPrefetch() {
        List<List<float[]>> inline = read(0, 1, 10);
        for (int[] setting : new int[][] {{1, 1}, {2, 3}, {4, 8}}) {
            List<List<float[]>> threaded = read(setting[0], setting[1], 10);
            for (int step = 0; step < 10; step++) {
                for (int i = 0; i < inline.get(step).size(); i++) {
                    assertArrayEquals(inline.get(step).get(i), threaded.get(step).get(i),
                            "step " + step + " sample " + i + " with " + setting[0] + " workers");
                }
            }
        }
        // two views of a sample differ; the same sample in the next epoch is augmented afresh
        assertFalse(java.util.Arrays.equals(inline.get(0).get(0), inline.get(0).get(16)));
    }

    @Test
    void aStepAskedOutOfOrderIsStillItsOwnBatch() {
        List<List<float[]>> inOrder = read(0, 1, 8);
        try (BatchLoader loader = new BatchLoader(PretrainingLoopTest.DATA, List.of(List.of(NOISE), List.of(NOISE)),
                new StepSeeds(7), BatchPlan.fixed(16, 4, 8), 2, 2)) {
            loader.batch(0);
            Batch jumped = loader.batch(6);
            assertArrayEquals(inOrder.get(6).get(0), jumped.view(0).get(0).get("x", float[].class));
        }
    }

    @Test
    void aFailingSampleReachesTheTrainingThreadUnchanged() {
        IllegalStateException corrupt = new IllegalStateException("corrupt sample file");
        SampleSource failing = source(index -> {
            throw corrupt;
        });
        try (BatchLoader loader = new BatchLoader(failing, List.of(List.of()), new StepSeeds(1), BatchPlan.fixed(16, 4, 4), 2, 2)) {
            assertSame(corrupt, assertThrows(IllegalStateException.class, () -> loader.batch(0)));
        }
    }

    @Test
    void closeStopsTheWorkersAndReadsNothingBeyondTheRun() throws InterruptedException {
        AtomicInteger reads = new AtomicInteger();
        SampleSource counting = source(index -> {
            reads.incrementAndGet();
            return PretrainingLoopTest.DATA.get(index);
        });
        long before = dataThreads();
        try (BatchLoader loader = new BatchLoader(counting, List.of(List.of()), new StepSeeds(1), BatchPlan.fixed(16, 4, 3), 2, 5)) {
            for (long step = 0; step < 3; step++) {
                loader.batch(step);
            }
            assertTrue(dataThreads() > before, "the workers run while the loader is open");
        }
        assertEquals(3 * 16, reads.get(), "nothing read beyond the last step");
        assertEquals(before, dataThreads(), "close stops every worker");
        assertThrows(IllegalArgumentException.class, () -> new DataLoading(-1, 1));
    }

    /** 64 unlabelled samples, each what {@code read} gives for its index. */
    private static SampleSource source(IntFunction<Sample> read) {
        return new SampleSource() {
            @Override
            public int size() {
                return 64;
            }

            @Override
            public Sample get(int index) {
                return read.apply(index);
            }

            @Override
            public List<String> classNames() {
                return List.of();
            }
        };
    }

    private static long dataThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("selfsup-data-") && t.isAlive()).count();
    }
}
