package dev.selfsup.audio.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.selfsup.nn.TransformerStack;

import java.util.ArrayList;
import java.util.List;

/**
 * wav2vec 2.0's encoder (Baevski et al. 2020) at a configurable size: a convolutional feature encoder over the raw
 * waveform (1-D convolutions without bias, each followed by a LayerNorm over channels and GELU; the paper's
 * kernels and strides give a 400-sample receptive field and a 320-sample hop, 20 ms at 16 kHz), a LayerNorm and a
 * projection to the model width, a grouped convolution over time as relative position information (added after
 * GELU), and a pre-LayerNorm transformer.
 *
 * <p>Inputs {@code (waveform (batch, samples), validMask (batch, samples))}; outputs {@code (features (batch,
 * frames, dim), frameMask (batch, frames))}. A frame is valid when its whole receptive field lies in the valid
 * samples; padded frames are zeroed before the position convolution and kept out of attention, so a clip's
 * features do not depend on what it was padded with or to.
 *
 * <p>Deviations from the paper, stated: LayerNorm in every convolution block (the paper's "large" variant; its
 * base variant's GroupNorm over time would mix padding into the statistics), and no weight normalisation on the
 * position convolution. {@link #latents} and {@link #contextualise} expose the two halves for the wav2vec task,
 * which quantises the latents and masks frames between them.
 */
public final class WaveformTransformer extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<Integer> kernels;
    private final List<Integer> strides;
    private final int channels;
    private final int dim;
    private final List<Conv1d> convolutions = new ArrayList<>();
    private final List<LayerNorm> convolutionNorms = new ArrayList<>();
    private final LayerNorm featureNorm;
    private final Linear projection;
    private final Conv1d positionConvolution;
    private final TransformerStack layers;

    /**
     * Creates the block.
     *
     * @param kernels the feature encoder's kernel sizes, one per convolution
     * @param strides its strides, as many
     * @param channels its channels
     * @param dim the transformer's width
     * @param depth transformer layers
     * @param heads attention heads
     * @param mlpRatio MLP width relative to {@code dim}
     * @param positionKernel the position convolution's kernel (frames)
     * @param positionGroups its groups (dividing {@code dim})
     */
    public WaveformTransformer(List<Integer> kernels, List<Integer> strides, int channels, int dim, int depth,
                               int heads, double mlpRatio, int positionKernel, int positionGroups) {
        super(VERSION);
        if (kernels.isEmpty() || kernels.size() != strides.size()) {
            throw new IllegalArgumentException("need as many kernels as strides, at least one: " + kernels + " and "
                    + strides);
        }
        if (dim % positionGroups != 0) {
            throw new IllegalArgumentException("position_groups " + positionGroups + " must divide dim " + dim);
        }
        this.kernels = List.copyOf(kernels);
        this.strides = List.copyOf(strides);
        this.channels = channels;
        this.dim = dim;
        for (int i = 0; i < kernels.size(); i++) {
            convolutions.add(addChildBlock("conv" + i, Conv1d.builder().setKernelShape(new Shape(kernels.get(i)))
                    .optStride(new Shape(strides.get(i))).setFilters(channels).optBias(false).build()));
            convolutionNorms.add(addChildBlock("conv_norm" + i, LayerNorm.builder().axis(2).build()));
        }
        featureNorm = addChildBlock("feature_norm", LayerNorm.builder().axis(2).build());
        projection = addChildBlock("projection", Linear.builder().setUnits(dim).build());
        positionConvolution = addChildBlock("position_conv", Conv1d.builder().setKernelShape(new Shape(positionKernel))
                .optPadding(new Shape(positionKernel / 2)).optGroups(positionGroups).setFilters(dim).build());
        layers = addChildBlock("layers", new TransformerStack(dim, depth, heads, mlpRatio));
    }

    /**
     * Returns the number of frames the feature encoder makes of a number of samples.
     *
     * @param samples the samples
     * @return the frames whose receptive field lies within them (0 if there are too few)
     */
    public long frames(long samples) {
        long length = samples;
        for (int i = 0; i < kernels.size(); i++) {
            length = length < kernels.get(i) ? 0 : (length - kernels.get(i)) / strides.get(i) + 1;
        }
        return length;
    }

    /**
     * Runs the feature encoder: the latent frames before projection, LayerNorm-ed, and their valid-frame mask.
     *
     * @param ps the parameter store
     * @param waveform {@code (batch, samples)}
     * @param validMask {@code (batch, samples)}, 1 for real samples, or {@code null} when all are real
     * @param training whether training
     * @return {@code (latents (batch, frames, channels), frameMask (batch, frames), penalty (batch))}: per
     *     utterance, the sum over its real frames of the mean square of the feature encoder's output (before its
     *     LayerNorm)
     */
    public NDList latents(ParameterStore ps, NDArray waveform, NDArray validMask, boolean training) {
        NDArray x = waveform.expandDims(1);
        for (int i = 0; i < convolutions.size(); i++) {
            x = convolutions.get(i).forward(ps, new NDList(x), training).singletonOrThrow();
            NDArray perFrame = x.transpose(0, 2, 1);
            perFrame = convolutionNorms.get(i).forward(ps, new NDList(perFrame), training).singletonOrThrow();
            x = Activation.gelu(perFrame).transpose(0, 2, 1);
        }
        NDArray features = x.transpose(0, 2, 1);
        NDArray latents = featureNorm.forward(ps, new NDList(features), training).singletonOrThrow();
        long batch = waveform.getShape().get(0);
        long frames = latents.getShape().get(1);
        float[] mask = new float[(int) (batch * frames)];
        float[] validSamples = validMask == null ? null : validMask.sum(new int[] {1}).toFloatArray();
        for (int b = 0; b < batch; b++) {
            long valid = validSamples == null ? frames : Math.min(frames, frames((long) validSamples[b]));
            java.util.Arrays.fill(mask, (int) (b * frames), (int) (b * frames + valid), 1f);
        }
        NDArray frameMask = waveform.getManager().create(mask, new Shape(batch, frames));
        NDArray penalty = features.square().mean(new int[] {2}).mul(frameMask).sum(new int[] {1});
        return new NDList(latents, frameMask, penalty);
    }

    /**
     * Projects latent frames to the model width.
     *
     * @param ps the parameter store
     * @param latents {@code (batch, frames, channels)}
     * @param training whether training
     * @return {@code (batch, frames, dim)}
     */
    public NDArray project(ParameterStore ps, NDArray latents, boolean training) {
        return projection.forward(ps, new NDList(latents), training).singletonOrThrow();
    }

    /**
     * Runs the context network on projected frames: position convolution, then the transformer.
     *
     * @param ps the parameter store
     * @param frames {@code (batch, frames, dim)}
     * @param frameMask {@code (batch, frames)}
     * @param training whether training
     * @return {@code (features (batch, frames, dim), frameMask)}
     */
    public NDList contextualise(ParameterStore ps, NDArray frames, NDArray frameMask, boolean training) {
        NDArray x = frames.mul(frameMask.expandDims(2));
        long count = x.getShape().get(1);
        NDArray positions = positionConvolution.forward(ps, new NDList(x.transpose(0, 2, 1)), training)
                .singletonOrThrow().get(":, :, 0:" + count);
        x = x.add(Activation.gelu(positions).transpose(0, 2, 1));
        return layers.forward(ps, new NDList(x, frameMask), training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDList latents = latents(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training);
        latents.get(2).close();
        return contextualise(ps, project(ps, latents.get(0), training), latents.get(1), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        long frames = frames(inputShapes[0].get(1));
        return new Shape[] {new Shape(batch, frames, dim), new Shape(batch, frames)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape x = new Shape(batch, 1, inputShapes[0].get(1));
        for (int i = 0; i < convolutions.size(); i++) {
            convolutions.get(i).initialize(manager, dataType, x);
            x = convolutions.get(i).getOutputShapes(new Shape[] {x})[0];
            convolutionNorms.get(i).initialize(manager, dataType, new Shape(batch, x.get(2), channels));
        }
        Shape latent = new Shape(batch, x.get(2), channels);
        featureNorm.initialize(manager, dataType, latent);
        projection.initialize(manager, dataType, latent);
        positionConvolution.initialize(manager, dataType, new Shape(batch, dim, x.get(2)));
        layers.initialize(manager, dataType, new Shape(batch, x.get(2), dim), new Shape(batch, x.get(2)));
    }
}
