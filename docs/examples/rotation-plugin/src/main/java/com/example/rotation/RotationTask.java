package com.example.rotation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.StepInfo;
import dev.selfsup.nn.Initialisers;

import java.util.Map;
import java.util.Random;

/**
 * Rotates every image by a random number of quarter turns and trains the encoder, mean-pooled, plus a small
 * head to tell which. Everything random comes from the step's stream the framework passes in.
 */
final class RotationTask implements PretextTask {

    private final String encoderName;
    private final Encoder encoder;
    private final RotationModel model;

    RotationTask(String encoderName, Encoder encoder, int hidden) {
        this.encoderName = encoderName;
        this.encoder = encoder;
        SequentialBlock head = new SequentialBlock();
        if (hidden > 0) {
            head.add(Linear.builder().setUnits(hidden).build()).add(Activation::relu);
        }
        head.add(Linear.builder().setUnits(4).build());
        this.model = Initialisers.xavierUniformWeights(new RotationModel(encoder.block(), head));
    }

    @Override
    public Block model() {
        return model;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        return encoder.inputShapes(batchSize);
    }

    @Override
    public NDList collate(Batch batch, NDManager manager) {
        return encoder.collate(batch.view(0), manager);
    }

    /** Returns {@code [logits (b, 4), one-hot quarter turns (b, 4)]} of the shard. */
    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
        NDArray images = inputs.head();
        int batch = (int) images.getShape().get(0);
        float[][] choice = new float[4][batch];
        float[] oneHot = new float[batch * 4];
        for (int i = 0; i < batch; i++) {
            int quarterTurns = random.nextInt(4);
            choice[quarterTurns][i] = 1f;
            oneHot[i * 4 + quarterTurns] = 1f;
        }
        // (B, C, H, W): one quarter turn is a transpose of H and W followed by a flip of W
        NDArray rotated = null;
        NDArray turned = images;
        for (int k = 0; k < 4; k++) {
            NDArray pick = images.getManager().create(choice[k], new Shape(batch, 1, 1, 1));
            NDArray part = turned.mul(pick);
            rotated = rotated == null ? part : rotated.add(part);
            if (k < 3) {
                turned = turned.transpose(0, 1, 3, 2).flip(3); // a quarter turn clockwise
            }
        }
        NDArray logits = model.forward(parameters, new NDList(rotated), true).singletonOrThrow();
        return new NDList(logits, images.getManager().create(oneHot, new Shape(batch, 4)));
    }

    @Override
    public PretextLoss loss(NDList outputs, StepInfo step) {
        NDArray logits = outputs.get(0);
        NDArray target = outputs.get(1);
        NDArray loss = logits.logSoftmax(1).mul(target).sum(new int[] {1}).mean().neg();
        NDArray accuracy = logits.argMax(1).eq(target.argMax(1)).toType(DataType.FLOAT32, false).mean();
        return new PretextLoss(loss, Map.of("rotation_accuracy", accuracy));
    }

    @Override
    public Map<String, Encoder> encoders() {
        return Map.of(encoderName, encoder);
    }
}
