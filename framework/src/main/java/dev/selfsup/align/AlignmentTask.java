package dev.selfsup.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Batch;
import dev.selfsup.api.CrossModalEmbedder;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.StepInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * CLIP-style alignment of two encoders (Radford et al. 2021): each sample holds both modalities; both towers embed
 * their side into one space and {@link AlignmentLoss} asks every sample's two embeddings to find each other among the
 * whole batch's (gathered over the shards, so data parallelism sees the same negatives as one device). The logit
 * scale is learned (as its log, so it stays positive), starts at 1/temperature and is clamped to a maximum after every
 * update (CLIP: 100). Exports both projections and the scale, so a run folder alone can retrieve and classify
 * zero-shot.
 */
final class AlignmentTask implements PretextTask, CrossModalEmbedder {

    private final List<String> sides;
    private final Encoder[] encoders;
    private final AlignmentNetwork network;
    private final double maxLogScale;

    /**
     * Builds the task.
     *
     * @param sides the two encoders' recipe names
     * @param a side a's encoder
     * @param b side b's encoder
     * @param dim the shared space's width
     * @param temperature the initial temperature
     * @param maxLogitScale the largest logit scale
     * @param frozen per side, whether its encoder is frozen
     */
    AlignmentTask(List<String> sides, Encoder a, Encoder b, int dim, double temperature, double maxLogitScale,
                  boolean[] frozen) {
        this.sides = List.copyOf(sides);
        this.encoders = new Encoder[] {a, b};
        this.network = new AlignmentNetwork(sides, List.of(a.block(), b.block()), a.inputShapes(1).length, dim,
                temperature, frozen);
        this.maxLogScale = Math.log(maxLogitScale);
        for (int side = 0; side < 2; side++) {
            if (frozen[side]) {
                encoders[side].block().freezeParameters(true);
            }
        }
    }

    @Override
    public AlignmentNetwork model() {
        return network;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        List<Shape> shapes = new ArrayList<>(List.of(encoders[0].inputShapes(batchSize)));
        shapes.addAll(List.of(encoders[1].inputShapes(batchSize)));
        return shapes.toArray(Shape[]::new);
    }

    /** Side a's collated inputs, then side b's, from the first view. */
    @Override
    public NDList collate(Batch batch, NDManager manager) {
        NDList inputs = new NDList(encoders[0].collate(batch.view(0), manager));
        inputs.addAll(encoders[1].collate(batch.view(0), manager));
        return inputs;
    }

    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
        return network.forward(parameters, inputs, true);
    }

    @Override
    public PretextLoss loss(NDList outputs, StepInfo step) {
        NDArray scale = outputs.get(2).get(0);
        AlignmentLoss loss = AlignmentLoss.of(outputs.get(0), outputs.get(1), scale);
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        metrics.put("accuracy_" + sides.get(0) + "_to_" + sides.get(1), loss.aToB());
        metrics.put("accuracy_" + sides.get(1) + "_to_" + sides.get(0), loss.bToA());
        metrics.put("logit_scale", scale.stopGradient());
        return new PretextLoss(loss.loss(), metrics);
    }

    /** Clamps the logit scale to its maximum (CLIP clips it at 100 to keep training stable). */
    @Override
    public void afterUpdate(StepInfo step) {
        NDArray logScale = network.logScale().getParameters().valueAt(0).getArray();
        try (NDManager scope = logScale.getManager().newSubManager()) {
            NDArray excess = logScale.sub(maxLogScale).maximum(0f);
            scope.tempAttachAll(excess);
            logScale.subi(excess);
        }
    }

    @Override
    public Map<String, Encoder> encoders() {
        Map<String, Encoder> named = new LinkedHashMap<>();
        named.put(sides.get(0), encoders[0]);
        named.put(sides.get(1), encoders[1]);
        return named;
    }

    /** Both projections ({@code <side>_projection}) and the log of the logit scale ({@code logit_scale}). */
    @Override
    public Map<String, Block> exports() {
        Map<String, Block> parts = new LinkedHashMap<>();
        parts.put(sides.get(0) + "_projection", network.projection(0));
        parts.put(sides.get(1) + "_projection", network.projection(1));
        parts.put("logit_scale", network.logScale());
        return parts;
    }

    @Override
    public List<String> sides() {
        return sides;
    }

    @Override
    public String modality(String side) {
        return encoders[index(side)].modality();
    }

    @Override
    public NDArray embed(String side, List<Sample> samples, NDManager manager) {
        int index = index(side);
        try (NDManager scope = manager.newSubManager()) {
            NDList inputs = encoders[index].collate(samples, scope);
            NDArray embedded = network.embed(new ParameterStore(scope, false), index, inputs, false);
            embedded.attach(manager);
            return embedded;
        }
    }

    @Override
    public double logitScale() {
        return Math.exp(network.logScale().getParameters().valueAt(0).getArray().getFloat(0));
    }

    private int index(String side) {
        int index = sides.indexOf(side);
        if (index < 0) {
            throw new IllegalArgumentException("no side named '" + side + "'; this alignment has " + sides);
        }
        return index;
    }
}
