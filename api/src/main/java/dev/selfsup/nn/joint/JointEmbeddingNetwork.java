package dev.selfsup.nn.joint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.api.EncoderOutput;
import dev.selfsup.nn.Pooling;

import java.util.ArrayList;
import java.util.List;

/**
 * The network of a joint-embedding method: an encoder whose token features are mean-pooled (honouring a padding
 * mask) into a representation, a projector, an optional predictor, and an optional teacher (an encoder and a
 * projector of the same architecture, never trained by gradient). Its input is the encoder's input for a batch;
 * its output is {@code [representation, projection, (prediction), (teacher projection)]}, each
 * {@code (batch, features)}, the teacher's detached from autograd.
 */
public final class JointEmbeddingNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Block encoder;
    private final Block projector;
    private final Block predictor;
    private final Block teacherEncoder;
    private final Block teacherProjector;

    /**
     * Assembles the network.
     *
     * @param encoder the student encoder's block
     * @param projector the student's projector
     * @param predictor the predictor, or {@code null}
     * @param teacherEncoder the teacher's encoder block, or {@code null} for no teacher
     * @param teacherProjector the teacher's projector, {@code null} exactly when the teacher encoder is
     */
    JointEmbeddingNetwork(Block encoder, Block projector, Block predictor, Block teacherEncoder,
                          Block teacherProjector) {
        super(VERSION);
        if ((teacherEncoder == null) != (teacherProjector == null)) {
            throw new IllegalArgumentException("a teacher needs both an encoder and a projector");
        }
        this.encoder = addChildBlock("encoder", encoder);
        this.projector = addChildBlock("projector", projector);
        this.predictor = predictor == null ? null : addChildBlock("predictor", predictor);
        this.teacherEncoder = teacherEncoder == null ? null : addChildBlock("teacher_encoder", teacherEncoder);
        this.teacherProjector = teacherProjector == null ? null
                : addChildBlock("teacher_projector", teacherProjector);
    }

    /** Whether the network has a predictor. */
    boolean hasPredictor() {
        return predictor != null;
    }

    /** Whether the network has a teacher. */
    boolean hasTeacher() {
        return teacherEncoder != null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray representation = pooled(encoder, ps, inputs, training);
        NDArray projection = projector.forward(ps, new NDList(representation), training).singletonOrThrow();
        NDList out = new NDList(representation, projection);
        if (predictor != null) {
            out.add(predictor.forward(ps, new NDList(projection), training).singletonOrThrow());
        }
        if (teacherEncoder != null) {
            NDArray teacher = pooled(teacherEncoder, ps, inputs, training).stopGradient();
            out.add(teacherProjector.forward(ps, new NDList(teacher), training).singletonOrThrow().stopGradient());
        }
        return out;
    }

    private static NDArray pooled(Block encoder, ParameterStore ps, NDList inputs, boolean training) {
        NDList output = encoder.forward(ps, inputs, training);
        return Pooling.mean(EncoderOutput.tokens(output), EncoderOutput.validMask(output));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape representation = representationShape(inputShapes);
        Shape projection = projector.getOutputShapes(new Shape[] {representation})[0];
        List<Shape> shapes = new ArrayList<>(List.of(representation, projection));
        if (predictor != null) {
            shapes.add(predictor.getOutputShapes(new Shape[] {projection})[0]);
        }
        if (teacherEncoder != null) {
            shapes.add(projection);
        }
        return shapes.toArray(Shape[]::new);
    }

    private Shape representationShape(Shape[] inputShapes) {
        Shape tokens = encoder.getOutputShapes(inputShapes)[0];
        return new Shape(tokens.get(0), tokens.get(tokens.dimension() - 1));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape representation = representationShape(inputShapes);
        projector.initialize(manager, dataType, representation);
        Shape projection = projector.getOutputShapes(new Shape[] {representation})[0];
        if (predictor != null) {
            predictor.initialize(manager, dataType, projection);
        }
        if (teacherEncoder != null) {
            teacherEncoder.initialize(manager, dataType, inputShapes);
            teacherProjector.initialize(manager, dataType, representation);
        }
    }
}
