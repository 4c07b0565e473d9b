package dev.selfsup.vision.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.List;

/**
 * A small ResNet (He et al. 2016) for small images: a 3x3 stem convolution, then stages of basic residual blocks
 * (two 3x3 convolutions with BatchNorm, an identity or 1x1 projection shortcut), each stage after the first
 * halving the resolution. The output is the final feature map as tokens, {@code (batch, positions, width)}: one
 * token per position, so pooling, the evaluation heads and joint-embedding tasks treat it like a ViT's patch
 * tokens. DJL's model zoo ResNet has ImageNet's fixed widths and a classifier on top, hence this one.
 */
public final class ResNet extends AbstractBlock {

    private static final byte VERSION = 1;

    private final SequentialBlock stem;
    private final SequentialBlock stages;
    private final int outputWidth;
    private final int halvings;

    /**
     * Creates the network.
     *
     * @param widths channels of each stage; stage {@code i > 0} halves the resolution
     * @param blocksPerStage residual blocks in each stage
     */
    public ResNet(List<Integer> widths, int blocksPerStage) {
        super(VERSION);
        stem = addChildBlock("stem", new SequentialBlock()
                .add(conv(widths.get(0), 1))
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock()));
        SequentialBlock all = new SequentialBlock();
        int in = widths.get(0);
        for (int s = 0; s < widths.size(); s++) {
            for (int b = 0; b < blocksPerStage; b++) {
                int stride = s > 0 && b == 0 ? 2 : 1;
                all.add(new BasicBlock(in, widths.get(s), stride));
                in = widths.get(s);
            }
        }
        stages = addChildBlock("stages", all);
        outputWidth = in;
        halvings = widths.size() - 1;
    }

    /**
     * The side of the final feature map for an input side.
     *
     * @param imageSize the input side
     * @return the output side
     */
    long outputSide(long imageSize) {
        long side = imageSize;
        for (int i = 0; i < halvings; i++) {
            side = (side + 1) / 2; // a stride-2 3x3 convolution with padding 1
        }
        return side;
    }

    private static Conv2d conv(int filters, int stride) {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(1, 1)).setFilters(filters).optBias(false).build();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList images = new NDList(channelsLastOnCpu(inputs.head()));
        NDList features = stages.forward(ps, stem.forward(ps, images, training), training);
        NDArray map = features.singletonOrThrow();
        Shape shape = map.getShape();
        return new NDList(map.transpose(0, 2, 3, 1).reshape(shape.get(0), shape.get(2) * shape.get(3), shape.get(1)));
    }

    /**
     * The same {@code (batch, channels, height, width)} images laid out channels-last in memory (NHWC strides) when
     * they are on the CPU. PyTorch's oneDNN convolutions take that layout without reordering to and from their
     * blocked format, and every convolution, BatchNorm, ReLU and sum after the first keeps it, forward and backward
     * (docs/benchmarks.md has the step times). DJL has no memory-format call, so the layout is made with its own
     * operations: permute to NHWC, {@code reshape} to {@code (batch, -1)} (which copies the permuted array into
     * contiguous memory), a view back to NHWC, then permute back, a view. Shape and values are unchanged; the
     * network computes the same function to float32 rounding (the kernels accumulate in another order). On a GPU
     * the images stay as they are: cuDNN's choice between the layouts depends on the card and precision and was not measured here.
     */
    static NDArray channelsLastOnCpu(NDArray images) {
        if (images.getDevice().isGpu()) {
            return images;
        }
        Shape s = images.getShape();
        return images.transpose(0, 2, 3, 1).reshape(s.get(0), -1).reshape(s.get(0), s.get(2), s.get(3), s.get(1))
                .transpose(0, 3, 1, 2);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape images = inputShapes[0];
        return new Shape[] {new Shape(images.get(0), outputSide(images.get(2)) * outputSide(images.get(3)),
                outputWidth)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        stem.initialize(manager, dataType, inputShapes[0]);
        stages.initialize(manager, dataType, stem.getOutputShapes(new Shape[] {inputShapes[0]}));
    }

    /** Two 3x3 convolutions with BatchNorm and a shortcut, ReLU after the sum. */
    private static final class BasicBlock extends AbstractBlock {
        private final Block residual;
        private final Block shortcut;

        BasicBlock(int in, int out, int stride) {
            super(VERSION);
            residual = addChildBlock("residual", new SequentialBlock()
                    .add(conv(out, stride))
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(conv(out, 1))
                    .add(BatchNorm.builder().build()));
            shortcut = in == out && stride == 1 ? null : addChildBlock("shortcut", new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(stride, stride))
                            .setFilters(out).optBias(false).build())
                    .add(BatchNorm.builder().build()));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray x = inputs.head();
            NDArray r = residual.forward(ps, new NDList(x), training).singletonOrThrow();
            NDArray s = shortcut == null ? x : shortcut.forward(ps, new NDList(x), training).singletonOrThrow();
            return new NDList(Activation.relu(r.add(s)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return residual.getOutputShapes(inputShapes);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            residual.initialize(manager, dataType, inputShapes);
            if (shortcut != null) {
                shortcut.initialize(manager, dataType, inputShapes);
            }
        }
    }
}
