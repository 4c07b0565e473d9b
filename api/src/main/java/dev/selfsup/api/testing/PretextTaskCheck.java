package dev.selfsup.api.testing;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.selfsup.api.Batch;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.StepInfo;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs one training step of a pretext task as the framework does (collate, forward, loss, backward) twice: once
 * plainly, and once with garbage collection and reuse of freed direct memory between forward and backward. It
 * fails unless the loss is finite, every trainable parameter receives a finite gradient, some gradient is not
 * zero, and both runs give identical gradients.
 *
 * <p>The second run is what catches a broken {@code dev.selfsup.nn.Scalars} rule: DJL's PyTorch engine wraps a
 * Java number operand ({@code array.mul(0.5)}) in a tensor over a JVM direct buffer that a garbage collection
 * frees while autograd still holds it, so the backward pass reads reused memory. Every in-tree task is checked
 * with it; call it from your plugin's tests:
 * <pre>{@code
 * try (NDManager manager = NDManager.newBaseManager()) {
 *     PretextTaskCheck.Result result = PretextTaskCheck.check(task, batch, manager, 42);
 * }
 * }</pre>
 */
public final class PretextTaskCheck {

    private PretextTaskCheck() {
    }

    /**
     * What the check measured.
     *
     * @param loss the step's loss
     * @param gradientNorm the global norm of the gradients
     * @param parameters the trainable parameters checked
     */
    public record Result(float loss, double gradientNorm, int parameters) {
    }

    /**
     * Checks a task's step on one batch; initialises the model first (engine seed from {@code seed}) unless it is
     * initialised.
     *
     * @param task the task
     * @param batch a batch, in every view the task expects
     * @param manager owns the model parameters if they are initialised here, and the step's arrays
     * @param seed seeds the initialisation and the step's random stream
     * @return the loss and gradient norm of the step
     * @throws AssertionError naming what is wrong
     */
    public static Result check(PretextTask task, Batch batch, NDManager manager, long seed) {
        if (!task.model().isInitialized()) {
            Engine.getInstance().setRandomSeed((int) seed);
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes(batch.size()));
            task.afterInitialise();
        }
        Map<String, float[]> plain = new LinkedHashMap<>();
        float loss = step(task, batch, manager, seed, false, plain);
        Map<String, float[]> churned = new LinkedHashMap<>();
        float again = step(task, batch, manager, seed, true, churned);
        if (!Float.isFinite(loss)) {
            throw new AssertionError("the loss is " + loss);
        }
        if (plain.isEmpty()) {
            throw new AssertionError("the model has no trainable parameter");
        }
        if (Float.compare(loss, again) != 0) {
            throw new AssertionError("the loss changed between two identical steps: " + loss + " then " + again
                    + "; is all randomness drawn from the step's stream?");
        }
        double sumSquares = 0;
        for (Map.Entry<String, float[]> e : plain.entrySet()) {
            for (float g : e.getValue()) {
                if (!Float.isFinite(g)) {
                    throw new AssertionError("parameter " + e.getKey() + " has a non-finite gradient " + g);
                }
                sumSquares += (double) g * g;
            }
            if (!Arrays.equals(e.getValue(), churned.get(e.getKey()))) {
                throw new AssertionError("the gradient of " + e.getKey() + " changed when garbage was collected "
                        + "between forward and backward: a Java number operand in the forward pass (array.mul(0.5),"
                        + " add, div...) was freed under autograd; use dev.selfsup.nn.Scalars");
            }
        }
        if (sumSquares == 0) {
            throw new AssertionError("every gradient is zero: nothing trains");
        }
        return new Result(loss, Math.sqrt(sumSquares), plain.size());
    }

    private static float step(PretextTask task, Batch batch, NDManager manager, long seed, boolean churn,
                              Map<String, float[]> gradients) {
        List<Pair<String, Parameter>> trainable = new ArrayList<>();
        for (Pair<String, Parameter> p : task.model().getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p);
            }
        }
        StepInfo info = new StepInfo(0, 0, 1, 1);
        try (NDManager stepManager = manager.newSubManager()) {
            task.beforeStep(info);
            NDList inputs = task.collate(batch, stepManager);
            float loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                for (Pair<String, Parameter> p : trainable) {
                    NDArray gradient = p.getValue().getArray().getGradient();
                    gradient.subi(gradient); // start from zero whatever the engine left
                }
                NDList outputs = task.forward(new ParameterStore(stepManager, false), inputs, info, new Random(seed));
                PretextLoss out = task.loss(outputs, info);
                if (churn) {
                    churnDirectMemory();
                }
                collector.backward(out.loss());
                loss = out.loss().getFloat();
            }
            for (Pair<String, Parameter> p : trainable) {
                gradients.put(p.getKey(), p.getValue().getArray().getGradient().toFloatArray());
            }
            return loss;
        }
    }

    /**
     * Collects garbage and fills freshly allocated direct buffers, so that memory freed by the collection is
     * reused with other contents: what turns a dangling autograd operand into a wrong gradient.
     */
    public static void churnDirectMemory() {
        List<ByteBuffer> reuse = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            try {
                Thread.sleep(20); // let the cleaner free unreachable direct buffers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 2000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4 + i % 8);
                while (b.hasRemaining()) {
                    b.put((byte) 0x7f);
                }
                reuse.add(b);
            }
        }
    }
}
