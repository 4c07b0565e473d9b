package dev.selfsup.eval.protocols;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.StepInfo;
import dev.selfsup.train.ParameterSnapshot;
import dev.selfsup.train.StopSignal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Supervised fine-tuning written as a task of the pretraining loop, so that it gets the loop's augmentation,
 * checkpoints, learning-rate schedule, clipping and devices: cross-entropy of the classifier's logits against the
 * labels. After every epoch it scores the validation samples; it keeps the weights of the best epoch and asks the
 * loop to stop after {@code patience} epochs without a better one.
 */
final class FineTuneTask implements PretextTask {

    private static final int SCORING_BATCH = 256;

    private final FineTuneNetwork network;
    private final Encoder encoder;
    private final NDManager manager;
    private final List<Sample> validation;
    private final int patience;
    private final StopSignal stop;
    private final SoftmaxCrossEntropyLoss crossEntropy = new SoftmaxCrossEntropyLoss();
    private double bestAccuracy = -1;
    private long bestEpoch = -1;
    private byte[] bestWeights;

    FineTuneTask(FineTuneNetwork network, Encoder encoder, NDManager manager, List<Sample> validation, int patience,
                 StopSignal stop) {
        this.network = network;
        this.encoder = encoder;
        this.manager = manager;
        this.validation = validation;
        this.patience = patience;
        this.stop = stop;
    }

    @Override
    public Block model() {
        return network;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        return encoder.inputShapes(batchSize);
    }

    @Override
    public NDList collate(Batch batch, NDManager batchManager) {
        List<Sample> samples = batch.view(0);
        NDList inputs = encoder.collate(samples, batchManager);
        float[] labels = new float[samples.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = samples.get(i).label().orElseThrow(() -> new IllegalArgumentException(
                    "fine-tuning needs labelled samples"));
        }
        inputs.add(batchManager.create(labels));
        return inputs;
    }

    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
        NDList encoderInputs = new NDList(inputs.subList(0, inputs.size() - 1));
        NDArray logits = network.forward(parameters, encoderInputs, true).singletonOrThrow();
        return new NDList(logits, inputs.get(inputs.size() - 1));
    }

    @Override
    public PretextLoss loss(NDList outputs, StepInfo step) {
        NDArray logits = outputs.get(0);
        NDArray labels = outputs.get(1);
        NDArray loss = crossEntropy.evaluate(new NDList(labels), new NDList(logits));
        NDArray accuracy = logits.argMax(1).toType(labels.getDataType(), false).eq(labels)
                .toType(logits.getDataType(), false).mean();
        return new PretextLoss(loss, Map.of("train_accuracy", accuracy));
    }

    @Override
    public void afterUpdate(StepInfo step) {
        boolean epochEnd = (step.step() + 1) % step.stepsPerEpoch() == 0 || step.step() + 1 == step.totalSteps();
        if (!epochEnd || validation.isEmpty()) {
            return;
        }
        double accuracy = accuracy(validation);
        long epoch = step.epoch();
        if (accuracy > bestAccuracy) {
            bestAccuracy = accuracy;
            bestEpoch = epoch;
            bestWeights = weights();
        } else if (epoch - bestEpoch >= patience) {
            stop.request("early stopping: no better validation accuracy for " + patience + " epochs");
        }
    }

    @Override
    public Map<String, Encoder> encoders() {
        return Map.of("encoder", encoder);
    }

    /** Puts back the weights of the best validation epoch, if there was validation. */
    void restoreBest() {
        if (bestWeights == null) {
            return;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bestWeights))) {
            ParameterSnapshot.restore(network, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the best validation accuracy, or -1 without validation */
    double bestAccuracy() {
        return bestAccuracy;
    }

    /** @return the 0-based epoch of the best validation accuracy, or -1 */
    long bestEpoch() {
        return bestEpoch;
    }

    private byte[] weights() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ParameterSnapshot.save(network, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private double accuracy(List<Sample> samples) {
        int[] predicted = predict(network, encoder, manager, samples);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == samples.get(i).label().orElse(-1) ? 1 : 0;
        }
        return (double) correct / samples.size();
    }

    /** Class probabilities of samples, in batches, in inference mode. */
    static float[][] probabilities(FineTuneNetwork network, Encoder encoder, NDManager manager, List<Sample> samples) {
        List<float[]> out = new ArrayList<>(samples.size());
        ParameterStore store = new ParameterStore(manager, false);
        for (int start = 0; start < samples.size(); start += SCORING_BATCH) {
            List<Sample> chunk = samples.subList(start, Math.min(samples.size(), start + SCORING_BATCH));
            try (NDManager batch = manager.newSubManager()) {
                NDArray p = network.forward(store, encoder.collate(chunk, batch), false).singletonOrThrow()
                        .softmax(1);
                int classes = (int) p.getShape().get(1);
                float[] flat = p.toFloatArray();
                for (int i = 0; i < chunk.size(); i++) {
                    out.add(java.util.Arrays.copyOfRange(flat, i * classes, (i + 1) * classes));
                }
            }
        }
        return out.toArray(float[][]::new);
    }

    static int[] predict(FineTuneNetwork network, Encoder encoder, NDManager manager, List<Sample> samples) {
        return ClassProbabilities.argmax(probabilities(network, encoder, manager, samples));
    }
}
