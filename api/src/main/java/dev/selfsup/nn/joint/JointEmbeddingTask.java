package dev.selfsup.nn.joint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.StepInfo;
import dev.selfsup.api.TaskContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The base of a joint-embedding method over two views of each sample. It owns the {@link JointEmbeddingNetwork}
 * (the task's encoder, a projector, optionally a predictor and an {@link EmaTeacher} that follows the student
 * along a {@link MomentumSchedule}), runs both views through it in one batch per shard, and adds the
 * {@link CollapseMonitor}'s statistics of the representation to the metrics. A method supplies its heads and its
 * loss:
 *
 * <pre>{@code
 * final class BarlowTwinsTask extends JointEmbeddingTask {
 *     BarlowTwinsTask(TaskContext context) {
 *         super(context, Heads.builder()
 *                 .setProjector(() -> ProjectionHead.builder().setHiddenDims(512).setOutputDim(512).build())
 *                 .build());
 *     }
 *
 *     protected PretextLoss methodLoss(Embeddings e, StepInfo step) {
 *         return new PretextLoss(crossCorrelationLoss(e.projection(0), e.projection(1)), Map.of());
 *     }
 * }
 * }</pre>
 *
 * Under data parallelism every shard runs the network on its part of the batch and {@link #methodLoss} sees the
 * whole gathered batch, so batch-coupled losses (negatives, variance, covariance) are exact. Batch normalisation
 * inside the network normalises per shard, as PyTorch's DistributedDataParallel does without SyncBatchNorm.
 */
public abstract class JointEmbeddingTask implements PretextTask {

    private final String encoderName;
    private final Encoder encoder;
    private final JointEmbeddingNetwork network;
    private final EmaTeacher teacher;
    private final MomentumSchedule momentum;

    /**
     * Builds the network around the context's only encoder; with a teacher, a second instance of that encoder
     * from {@link TaskContext#newEncoder}.
     *
     * @param context the task context, with two views
     * @param heads the heads and the teacher's schedule
     */
    protected JointEmbeddingTask(TaskContext context, Heads heads) {
        this.encoderName = context.encoderName();
        this.encoder = context.encoder();
        Block projector = heads.projector.get();
        Block teacherEncoder = null;
        Block teacherProjector = null;
        if (heads.teacherMomentum != null) {
            teacherEncoder = context.newEncoder(encoderName).block();
            teacherProjector = heads.projector.get();
        }
        this.network = new JointEmbeddingNetwork(encoder.block(), projector, heads.predictor, teacherEncoder,
                teacherProjector);
        this.momentum = heads.teacherMomentum;
        this.teacher = teacherEncoder == null ? null : new EmaTeacher(List.of(encoder.block(), projector),
                List.of(teacherEncoder, teacherProjector));
    }

    @Override
    public final JointEmbeddingNetwork model() {
        return network;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        return encoder.inputShapes(batchSize);
    }

    /** Collates view 0's samples then view 1's into one encoder batch of twice the size. */
    @Override
    public NDList collate(Batch batch, NDManager manager) {
        List<Sample> both = new ArrayList<>(2 * batch.size());
        both.addAll(batch.view(0));
        both.addAll(batch.view(1));
        return encoder.collate(both, manager);
    }

    /**
     * Runs both views through the network and returns, batch-first, each output split by view:
     * {@code [r0, r1, z0, z1, (p0, p1), (t0, t1)]}.
     */
    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
        NDList out = network.forward(parameters, inputs, true);
        long half = out.get(0).getShape().get(0) / 2;
        NDList split = new NDList(2 * out.size());
        for (NDArray array : out) {
            split.add(array.get(new NDIndex("0:{}", half)));
            split.add(array.get(new NDIndex("{}:", half)));
        }
        return split;
    }

    /** The method's loss over the gathered batch, with the collapse statistics of view 0's representation. */
    @Override
    public final PretextLoss loss(NDList outputs, StepInfo step) {
        Embeddings embeddings = new Embeddings(outputs, network.hasPredictor(), network.hasTeacher());
        PretextLoss own = methodLoss(embeddings, step);
        Map<String, NDArray> metrics = new LinkedHashMap<>(own.metrics());
        metrics.putAll(CollapseMonitor.metrics(embeddings.representation(0)));
        return new PretextLoss(own.loss(), metrics);
    }

    /**
     * The method's loss.
     *
     * @param embeddings the whole batch's embeddings of both views
     * @param step where training stands
     * @return the loss and any metrics of the method's own
     */
    protected abstract PretextLoss methodLoss(Embeddings embeddings, StepInfo step);

    /** Copies the student into the teacher, if there is one. */
    @Override
    public void afterInitialise() {
        if (teacher != null) {
            teacher.copyStudent();
        }
    }

    /** Moves the teacher towards the student by the schedule's momentum for this step. */
    @Override
    public void afterUpdate(StepInfo step) {
        if (teacher != null) {
            teacher.update(momentum.at(step.step(), step.totalSteps()));
        }
    }

    @Override
    public Map<String, Encoder> encoders() {
        return Map.of(encoderName, encoder);
    }

    /** The embeddings of both views of a batch, as {@link #methodLoss} sees them. */
    public static final class Embeddings {
        private final NDList outputs;
        private final boolean predictor;
        private final boolean teacher;

        Embeddings(NDList outputs, boolean predictor, boolean teacher) {
            this.outputs = outputs;
            this.predictor = predictor;
            this.teacher = teacher;
        }

        /**
         * The encoder's pooled representation of a view.
         *
         * @param view 0 or 1
         * @return {@code (N, encoder width)}
         */
        public NDArray representation(int view) {
            return outputs.get(view(view));
        }

        /**
         * The projector's output for a view.
         *
         * @param view 0 or 1
         * @return {@code (N, projection width)}
         */
        public NDArray projection(int view) {
            return outputs.get(2 + view(view));
        }

        /**
         * The predictor's output for a view.
         *
         * @param view 0 or 1
         * @return {@code (N, prediction width)}
         * @throws IllegalStateException if the method has no predictor
         */
        public NDArray prediction(int view) {
            if (!predictor) {
                throw new IllegalStateException("this method has no predictor");
            }
            return outputs.get(4 + view(view));
        }

        /**
         * The teacher's projection of a view, detached from autograd.
         *
         * @param view 0 or 1
         * @return {@code (N, projection width)}
         * @throws IllegalStateException if the method has no teacher
         */
        public NDArray teacherProjection(int view) {
            if (!teacher) {
                throw new IllegalStateException("this method has no teacher");
            }
            return outputs.get((predictor ? 6 : 4) + view(view));
        }

        private static int view(int view) {
            if (view != 0 && view != 1) {
                throw new IllegalArgumentException("view must be 0 or 1, got " + view);
            }
            return view;
        }
    }

    /**
     * The parts a method adds to its encoder. Required: {@link Builder#setProjector}.
     */
    public static final class Heads {
        private final Supplier<? extends Block> projector;
        private final Block predictor;
        private final MomentumSchedule teacherMomentum;

        private Heads(Builder builder) {
            this.projector = builder.projector;
            this.predictor = builder.predictor;
            this.teacherMomentum = builder.teacherMomentum;
        }

        /**
         * Returns a builder.
         *
         * @return the builder
         */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds {@link Heads}. */
        public static final class Builder {
            private Supplier<? extends Block> projector;
            private Block predictor;
            private MomentumSchedule teacherMomentum;

            private Builder() {
            }

            /**
             * Sets how to build the projector; called once, and once more for a teacher's copy.
             *
             * @param factory makes a new, uninitialised projector
             * @return this builder
             */
            public Builder setProjector(Supplier<? extends Block> factory) {
                this.projector = factory;
                return this;
            }

            /**
             * Sets a predictor on top of the projector (BYOL, SimSiam; default none).
             *
             * @param block the predictor, uninitialised
             * @return this builder
             */
            public Builder optPredictor(Block block) {
                this.predictor = block;
                return this;
            }

            /**
             * Adds an exponential-moving-average teacher of the encoder and the projector (default none).
             *
             * @param schedule the teacher's momentum over training
             * @return this builder
             */
            public Builder optEmaTeacher(MomentumSchedule schedule) {
                this.teacherMomentum = schedule;
                return this;
            }

            /**
             * Builds the heads.
             *
             * @return the heads
             * @throws IllegalStateException without a projector
             */
            public Heads build() {
                if (projector == null) {
                    throw new IllegalStateException("Heads need setProjector");
                }
                return new Heads(this);
            }
        }
    }
}
