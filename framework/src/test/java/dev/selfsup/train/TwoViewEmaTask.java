package dev.selfsup.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.StepInfo;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * A BYOL-shaped test task on 4-vectors: a student sees view 0, a frozen teacher (an exponential moving average of
 * the student, updated in {@link #afterUpdate}) sees view 1; the student regresses the teacher's output and, to
 * keep it from collapsing, the sum of its input.
 */
final class TwoViewEmaTask implements PretextTask {

    private final StudentTeacher model = new StudentTeacher();
    private final double momentum;
    private boolean viewsDiffered;
    private float[] initialStudent;

    TwoViewEmaTask(double momentum) {
        this.momentum = momentum;
    }

    /** Two linear maps of the same shape; the teacher's parameters take no gradient. */
    private static final class StudentTeacher extends AbstractBlock {
        private final Linear student;
        private final Linear teacher;

        StudentTeacher() {
            super((byte) 1);
            student = addChildBlock("student", Linear.builder().setUnits(2).build());
            teacher = addChildBlock("teacher", Linear.builder().setUnits(2).build());
            teacher.freezeParameters(true);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray s = student.forward(ps, new NDList(inputs.get(0)), training).singletonOrThrow();
            NDArray t = teacher.forward(ps, new NDList(inputs.get(1)), training).singletonOrThrow().stopGradient();
            return new NDList(s, t);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0), 2), new Shape(inputShapes[0].get(0), 2)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            student.initialize(manager, dataType, inputShapes[0]);
            teacher.initialize(manager, dataType, inputShapes[0]);
        }
    }

    @Override
    public Block model() {
        return model;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        return new Shape[] {new Shape(batchSize, 4), new Shape(batchSize, 4)};
    }

    @Override
    public NDList collate(Batch batch, NDManager manager) {
        for (int i = 0; i < batch.size(); i++) {
            viewsDiffered |= !Arrays.equals(batch.view(0).get(i).get("x", float[].class),
                    batch.view(1).get(i).get("x", float[].class));
        }
        return new NDList(PretrainingLoopTest.vectors(batch.view(0), manager),
                PretrainingLoopTest.vectors(batch.view(1), manager));
    }

    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
        NDList out = model.forward(parameters, inputs, true);
        return new NDList(out.get(0), out.get(1), inputs.get(0).sum(new int[] {1}));
    }

    @Override
    public PretextLoss loss(NDList outputs, StepInfo step) {
        NDArray student = outputs.get(0);
        NDArray agreement = student.sub(outputs.get(1)).square().mean();
        NDArray anchor = student.get(":, 0").sub(outputs.get(2)).square().mean();
        return new PretextLoss(agreement.add(anchor), Map.of("agreement", agreement));
    }

    @Override
    public void afterInitialise() {
        copy(model.student, model.teacher, 0.0);
        initialStudent = PretrainingLoopTest.values(model.student);
    }

    @Override
    public void afterUpdate(StepInfo step) {
        copy(model.student, model.teacher, momentum);
    }

    /** teacher = momentum * teacher + (1 - momentum) * student, outside autograd. */
    private static void copy(Block student, Block teacher, double momentum) {
        for (var p : teacher.getParameters()) {
            Parameter source = student.getParameters().get(p.getKey());
            NDArray t = p.getValue().getArray();
            t.muli(momentum).addi(source.getArray().mul(1 - momentum));
        }
    }

    boolean viewsDiffered() {
        return viewsDiffered;
    }

    /** The student's parameter values as {@link #afterInitialise} found them. */
    float[] initialStudentValues() {
        return initialStudent;
    }

    /** The student's part of the model's values (weight 2x4, bias 2), in block order. */
    static float[] student(float[] modelValues) {
        return Arrays.copyOfRange(modelValues, 0, 10);
    }

    /** The teacher's part of the model's values. */
    static float[] teacher(float[] modelValues) {
        return Arrays.copyOfRange(modelValues, 10, 20);
    }

    @Override
    public Map<String, Encoder> encoders() {
        return Map.of();
    }

}
