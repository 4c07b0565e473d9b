package dev.selfsup.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop on a tiny regression task: it learns, it is reproducible, and it stops on a non-finite loss. */
class PretrainingLoopTest {

    @TempDir
    Path dir;

    /** Samples x in R^4 whose target is the sum of x; the task regresses it with one linear layer. */
    private static final SampleSource DATA = new SampleSource() {
        @Override
        public int size() {
            return 64;
        }

        @Override
        public Sample get(int index) {
            Random r = new Random(index);
            float[] x = {r.nextFloat(), r.nextFloat(), r.nextFloat(), r.nextFloat()};
            return Sample.unlabelled("x", x);
        }

        @Override
        public List<String> classNames() {
            return List.of();
        }
    };

    private static final class RegressionTask implements PretextTask {
        private final Linear model = Linear.builder().setUnits(1).build();
        private final int divergeAtCall;
        private int calls;

        RegressionTask(int divergeAtCall) {
            this.divergeAtCall = divergeAtCall;
        }

        @Override
        public Block model() {
            return model;
        }

        @Override
        public Shape[] inputShapes(int batchSize) {
            return new Shape[] {new Shape(batchSize, 4)};
        }

        @Override
        public NDList collate(List<Sample> samples, NDManager manager) {
            float[] flat = new float[samples.size() * 4];
            for (int i = 0; i < samples.size(); i++) {
                System.arraycopy(samples.get(i).get("x", float[].class), 0, flat, 4 * i, 4);
            }
            return new NDList(manager.create(flat, new Shape(samples.size(), 4)));
        }

        @Override
        public PretextLoss loss(ParameterStore parameters, NDList inputs, Random random) {
            NDArray x = inputs.head();
            NDArray predicted = model.forward(parameters, inputs, true).head().squeeze(1);
            NDArray loss = predicted.sub(x.sum(new int[] {1})).square().mean();
            if (++calls >= divergeAtCall) {
                loss = loss.mul(Float.NaN);
            }
            return new PretextLoss(loss, Map.of());
        }

        @Override
        public Encoder encoder() {
            throw new UnsupportedOperationException();
        }
    }

    private record Outcome(TrainingSummary summary, byte[] weights, List<String> metrics) {
    }

    private Outcome train(RegressionTask task, String name, long checkpointEvery) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        TrainingPlan plan = new TrainingPlan(1, 40, 16, 0.05, 0.0, 0.9, 0.95, 1e-8, true, 5, 0.0, 1.0,
                checkpointEvery, 2, 1);
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager();
             MetricsSink metrics = new MetricsSink(run.resolve("metrics.jsonl"))) {
            task.model().initialize(manager, DataType.FLOAT32, task.inputShapes(16));
            PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
            PretrainingLoop loop = new PretrainingLoop(task, DATA, plan, manager, 11, metrics,
                    new ProgressDisplay(quiet, false, 40, 10), new Checkpoints(run.resolve("checkpoints"), 2));
            TrainingSummary summary = loop.run();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            task.model().saveParameters(new DataOutputStream(bytes));
            return new Outcome(summary, bytes.toByteArray(), Files.readAllLines(run.resolve("metrics.jsonl")));
        }
    }

    @Test
    void learnsAndTwoRunsWithOneSeedAreIdentical() throws IOException {
        Outcome first = train(new RegressionTask(Integer.MAX_VALUE), "a", 20);
        Outcome second = train(new RegressionTask(Integer.MAX_VALUE), "b", 20);
        assertEquals(40, first.summary().steps());
        assertTrue(first.summary().finalLoss() < 0.2 * first.summary().firstLoss(),
                "loss should fall: " + first.summary());
        assertArrayEquals(first.weights(), second.weights(), "same seed, same final weights");
        assertEquals(first.metrics().stream().map(l -> l.replaceAll(",\"samples_per_s.*", "")).toList(),
                second.metrics().stream().map(l -> l.replaceAll(",\"samples_per_s.*", "")).toList(),
                "same seed, same loss curve");
        assertTrue(Files.exists(dir.resolve("a/checkpoints/step-000040/model.params")));
        assertTrue(Files.exists(dir.resolve("a/checkpoints/step-000020/optimizer.bin")));
    }

    @Test
    void aNonFiniteLossStopsTrainingWithAClearMessage() throws IOException {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> train(new RegressionTask(7), "nan", 5));
        assertTrue(e.getMessage().contains("loss is NaN at step 6"), e.getMessage());
        assertTrue(e.getMessage().contains("lower train.optimizer.lr"), e.getMessage());
        assertEquals(6, Files.readAllLines(dir.resolve("nan/metrics.jsonl")).size(), "steps before it were logged");
        assertTrue(Files.exists(dir.resolve("nan/checkpoints/step-000005/model.params")),
                "the last checkpoint holds finite weights");
    }
}
