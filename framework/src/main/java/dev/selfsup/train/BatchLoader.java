package dev.selfsup.train;

import dev.selfsup.api.Augmentation;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads and augments the batches of training steps, on worker threads ahead of the step that needs them. A
 * step's batch is a pure function of the step: its samples come from the seeded epoch order and each view's
 * augmentations draw from (seed, epoch, sample, view, augmentation) streams, so the batches are the same whatever
 * the number of workers, and a resumed run reads exactly what an uninterrupted one would. At most
 * {@code prefetch} batches wait in memory; {@link #close} cancels them and stops the workers.
 */
final class BatchLoader implements AutoCloseable {

    /** Random stream purposes of augmentations 0, 1, ... of view 0 are this plus the augmentation's index. */
    private static final long AUGMENT_STREAM_BASE = 100;
    /** View v's augmentations draw from purposes offset by v times this. */
    private static final long VIEW_STREAM_STRIDE = 100_000;

    private final SampleSource data;
    private final List<List<Augmentation>> views;
    private final StepSeeds seeds;
    private final BatchPlan plan;
    private final long totalSteps;
    private final int prefetch;
    private final ExecutorService workers;
    private final ArrayDeque<Pending> ahead = new ArrayDeque<>();
    private final Map<Long, int[]> orders = new LinkedHashMap<>();

    private record Pending(long step, Future<Batch> batch) {
    }

    /**
     * Creates a loader.
     *
     * @param data the training split; {@link SampleSource#get} must be safe to call from several threads
     * @param views per view, its augmentations
     * @param seeds the run's random streams
     * @param plan which samples each step reads (nothing is read beyond its steps)
     * @param workers worker threads; 0 reads each batch on the calling thread when it is asked for
     * @param prefetch batches read ahead with workers, at least 1
     */
    BatchLoader(SampleSource data, List<List<Augmentation>> views, StepSeeds seeds, BatchPlan plan, int workers,
                int prefetch) {
        if (workers < 0 || prefetch < 1) {
            throw new IllegalArgumentException("workers must be >= 0 and prefetch >= 1, got " + workers + " and "
                    + prefetch);
        }
        this.data = data;
        this.views = views;
        this.seeds = seeds;
        this.plan = plan;
        this.totalSteps = plan.totalSteps();
        this.prefetch = prefetch;
        AtomicInteger count = new AtomicInteger();
        this.workers = workers == 0 ? null : Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(task, "selfsup-data-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Returns a step's batch, and starts reading the next ones.
     *
     * @param step the step; steps are normally asked for in order, any other order is served too, more slowly
     * @return the batch
     * @throws RuntimeException what reading or augmenting a sample threw, unchanged
     */
    Batch batch(long step) {
        if (workers == null) {
            return read(step);
        }
        while (!ahead.isEmpty() && ahead.peekFirst().step() != step) {
            ahead.pollFirst().batch().cancel(true);
        }
        if (ahead.isEmpty()) {
            submit(step);
        }
        long next = ahead.peekLast().step() + 1;
        while (ahead.size() <= prefetch && next < totalSteps) {
            submit(next++);
        }
        Future<Batch> batch = ahead.pollFirst().batch();
        try {
            return batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the batch of step " + step, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("reading the batch of step " + step + " failed", e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException("the batch of step " + step + " was cancelled: the loader is closed", e);
        }
    }

    private void submit(long step) {
        ahead.addLast(new Pending(step, workers.submit(() -> read(step))));
    }

    /**
     * A step's batch in every view: each sample read once, then each view's augmentations applied in order, each
     * drawing from its own stream.
     */
    private Batch read(long step) {
        long epoch = plan.epoch(step);
        int[] order = order(epoch);
        int offset = plan.offset(step);
        int size = plan.size(step);
        List<List<Sample>> viewSamples = new ArrayList<>(views.size());
        for (int v = 0; v < views.size(); v++) {
            viewSamples.add(new ArrayList<>(size));
        }
        for (int i = 0; i < size; i++) {
            int index = order[offset + i];
            Sample original = data.get(index);
            long position = epoch * data.size() + index;
            for (int v = 0; v < views.size(); v++) {
                Sample sample = original;
                List<Augmentation> chain = views.get(v);
                for (int j = 0; j < chain.size(); j++) {
                    sample = chain.get(j).apply(sample,
                            seeds.stream(AUGMENT_STREAM_BASE + v * VIEW_STREAM_STRIDE + j, position));
                }
                viewSamples.get(v).add(sample);
            }
        }
        return new Batch(viewSamples);
    }

    /** The epoch's sample order; the orders of the two newest epochs asked for are kept. */
    private synchronized int[] order(long epoch) {
        int[] order = orders.get(epoch);
        if (order == null) {
            order = seeds.epochOrder(epoch, data.size());
            orders.put(epoch, order);
            if (orders.size() > 2) {
                orders.remove(orders.keySet().iterator().next());
            }
        }
        return order;
    }

    /** Cancels the batches read ahead and stops the workers, waiting up to 10 seconds for them. */
    @Override
    public void close() {
        if (workers == null) {
            return;
        }
        ahead.forEach(pending -> pending.batch().cancel(true));
        ahead.clear();
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the data workers did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
