package dev.selfsup.nn.joint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * A teacher network that follows a student as an exponential moving average of its weights (the BYOL target
 * network, the MoCo key encoder, DINO's teacher): after every update {@code teacher = m * teacher + (1 - m) *
 * student}. The teacher is a second block of the same architecture; its parameters are frozen, so the optimizer
 * never touches them, and they are saved and restored with the model like any other. Batch-norm running
 * statistics are not averaged: the teacher keeps its own, as in the reference implementations.
 */
public final class EmaTeacher {

    private final List<Pair<Parameter, Parameter>> pairs = new ArrayList<>();

    /**
     * Pairs the teacher's parameters with the student's and freezes the teacher.
     *
     * @param student the trained block
     * @param teacher a block of the same architecture
     * @throws IllegalArgumentException if the two blocks' parameters differ in number or name
     */
    public EmaTeacher(Block student, Block teacher) {
        this(List.of(student), List.of(teacher));
    }

    /**
     * Pairs the parameters of several teacher blocks with those of the student blocks at the same places (an
     * encoder and its projector, say) and freezes the teachers.
     *
     * @param students the trained blocks
     * @param teachers blocks of the same architectures, in the same order
     * @throws IllegalArgumentException if the lists differ in length or a pair's parameters in number or name
     */
    public EmaTeacher(List<Block> students, List<Block> teachers) {
        if (students.size() != teachers.size()) {
            throw new IllegalArgumentException(teachers.size() + " teacher blocks for " + students.size()
                    + " student blocks");
        }
        for (int b = 0; b < students.size(); b++) {
            pair(students.get(b), teachers.get(b));
        }
    }

    private void pair(Block student, Block teacher) {
        PairList<String, Parameter> s = student.getParameters();
        PairList<String, Parameter> t = teacher.getParameters();
        if (s.size() != t.size()) {
            throw new IllegalArgumentException("the teacher has " + t.size() + " parameters, the student " + s.size()
                    + ": they must be the same architecture");
        }
        for (int i = 0; i < s.size(); i++) {
            if (!s.get(i).getKey().equals(t.get(i).getKey())) {
                throw new IllegalArgumentException("teacher parameter " + i + " is '" + t.get(i).getKey()
                        + "', the student's is '" + s.get(i).getKey() + "'");
            }
            Parameter.Type type = s.get(i).getValue().getType();
            if (type != Parameter.Type.RUNNING_MEAN && type != Parameter.Type.RUNNING_VAR) {
                pairs.add(new Pair<>(s.get(i).getValue(), t.get(i).getValue()));
            }
        }
        teacher.freezeParameters(true);
    }

    /** Sets the teacher's weights to the student's (momentum 0): call once the model is initialised. */
    public void copyStudent() {
        update(0.0);
    }

    /**
     * Moves the teacher towards the student, outside autograd, in place.
     *
     * @param momentum the share of the teacher's own weights to keep, in [0, 1]
     */
    public void update(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must lie in [0, 1], got " + momentum);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Pair<Parameter, Parameter> pair : pairs) {
                NDArray student = pair.getKey().getArray();
                NDArray teacher = pair.getValue().getArray();
                if (momentum == 0.0) {
                    student.copyTo(teacher);
                } else {
                    teacher.muli(momentum).addi(student.mul(1 - momentum));
                }
            }
        }
    }
}
