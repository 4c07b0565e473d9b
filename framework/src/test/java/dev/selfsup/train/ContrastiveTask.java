package dev.selfsup.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.StepInfo;
import dev.selfsup.nn.Scalars;

import java.util.Map;
import java.util.Random;

/**
 * An InfoNCE test task on 4-vectors: both views through one linear projector, L2-normalised, and each sample's
 * view-0 embedding must pick its own view-1 embedding among every other sample's: a loss over the whole batch's
 * similarity matrix, so it is only right under data parallelism if the shards' outputs are gathered first.
 */
final class ContrastiveTask implements PretextTask {

    private static final double TEMPERATURE = 0.5;

    private final Linear projector = Linear.builder().setUnits(3).build();

    @Override
    public Block model() {
        return projector;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        return new Shape[] {new Shape(batchSize, 4)};
    }

    @Override
    public NDList collate(Batch batch, NDManager manager) {
        return new NDList(PretrainingLoopTest.vectors(batch.view(0), manager),
                PretrainingLoopTest.vectors(batch.view(1), manager));
    }

    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
        NDArray a = projector.forward(parameters, new NDList(inputs.get(0)), true).singletonOrThrow();
        NDArray b = projector.forward(parameters, new NDList(inputs.get(1)), true).singletonOrThrow();
        return new NDList(normalise(a), normalise(b));
    }

    private static NDArray normalise(NDArray x) {
        return x.div(x.square().sum(new int[] {1}, true).sqrt());
    }

    @Override
    public PretextLoss loss(NDList outputs, StepInfo step) {
        NDArray logits = Scalars.multiply(outputs.get(0).matMul(outputs.get(1).transpose()), 1 / TEMPERATURE);
        long n = logits.getShape().get(0);
        NDArray targets = logits.getManager().eye((int) n);
        NDArray loss = logits.logSoftmax(1).mul(targets).sum(new int[] {1}).mean().neg();
        return new PretextLoss(loss, Map.of());
    }

    @Override
    public Map<String, Encoder> encoders() {
        return Map.of();
    }
}
