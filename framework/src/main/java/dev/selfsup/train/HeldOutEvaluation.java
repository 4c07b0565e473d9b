package dev.selfsup.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.ndarray.NDScope;
import dev.selfsup.api.Batch;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.api.StepInfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the task on held-out data during pretraining: every {@code every_steps} (and after the last step) the same
 * fixed batches of the data set's test split, unaugmented in every view, go through the task's collate, forward
 * and loss without gradients, each batch drawing its task randomness (masking) from the same stream every time, so
 * successive figures differ only by the model. {@link PretextTask#heldOutMetrics} combines the batches; the loop
 * logs the result as {@code heldout_<name>}. Runs before a checkpoint of the same step, so a resumed run continues
 * from the state an uninterrupted one had (tasks with batch statistics update them in forward).
 */
public final class HeldOutEvaluation {

    /** The prefix of the figures in the metrics. */
    public static final String PREFIX = "heldout_";
    /** Random stream purpose of the held-out batches' task randomness. */
    private static final long STREAM = 3;

    private final SampleSource data;
    private final long everySteps;
    private final int batches;

    /**
     * Creates the evaluation.
     *
     * @param data the held-out split
     * @param everySteps steps between evaluations, 0 for none
     * @param batches held-out batches per evaluation (fewer when the split is small)
     */
    public HeldOutEvaluation(SampleSource data, long everySteps, int batches) {
        this.data = data;
        this.everySteps = everySteps;
        this.batches = batches;
    }

    /**
     * Reads {@code train.held_out}.
     *
     * @param train the validated {@code train} section
     * @param data the held-out split
     * @return the evaluation, or null when it is off or the split is empty
     */
    public static HeldOutEvaluation from(Settings train, SampleSource data) {
        Settings heldOut = train.getSection("held_out");
        long every = heldOut.getLong("every_steps");
        return every > 0 && data.size() > 0 ? new HeldOutEvaluation(data, every, heldOut.getInt("batches")) : null;
    }

    /**
     * Says whether an evaluation is due once a number of steps is done.
     *
     * @param stepsDone the steps done
     * @param total the run's steps
     * @return true every {@code every_steps} and after the last step
     */
    boolean due(long stepsDone, long total) {
        return stepsDone % everySteps == 0 || stepsDone == total;
    }

    /**
     * Scores the task.
     *
     * @param task the task
     * @param store the parameter store of the first device
     * @param manager where the arrays live (freed before returning)
     * @param seeds the run's streams
     * @param batchSize samples per batch
     * @param views views per sample
     * @param step where training stands
     * @return the task's held-out figures, prefixed {@value #PREFIX}
     */
    Map<String, Object> run(PretextTask task, ParameterStore store, NDManager manager, StepSeeds seeds,
                            int batchSize, int views, StepInfo step) {
        int size = Math.min(batchSize, data.size());
        int count = Math.max(1, Math.min(batches, data.size() / size));
        List<Map<String, Double>> figures = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            List<Sample> samples = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                long spread = ((long) b * size + i) * data.size() / ((long) count * size); // spread over the split
                samples.add(data.get((int) spread));
            }
            try (NDScope scope = new NDScope(); NDManager batchManager = manager.newSubManager()) {
                scope.suppressNotUsedWarning();
                NDList inputs = task.collate(new Batch(Collections.nCopies(views, samples)), batchManager);
                NDList outputs = task.forward(store, inputs, step, seeds.stream(STREAM, b));
                PretextLoss loss = task.loss(outputs, step);
                Map<String, Double> values = new LinkedHashMap<>();
                values.put("loss", (double) loss.loss().toType(DataType.FLOAT32, false).getFloat());
                loss.metrics().forEach((name, v) -> values.put(name,
                        (double) v.toType(DataType.FLOAT32, false).getFloat()));
                figures.add(values);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        task.heldOutMetrics(figures).forEach((name, value) -> out.put(PREFIX + name, value));
        return out;
    }
}
