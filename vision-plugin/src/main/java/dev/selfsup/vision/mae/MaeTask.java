package dev.selfsup.vision.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PatchTokenEncoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Settings;
import dev.selfsup.api.StepInfo;
import dev.selfsup.nn.Flops;
import dev.selfsup.nn.Initialisers;
import dev.selfsup.nn.Patches;
import dev.selfsup.nn.RandomMasking;

import java.util.Map;
import java.util.Random;

/**
 * The {@code mae} pretext task around any {@link PatchTokenEncoder}. Per shard, {@link #forward} masks each image
 * and predicts every patch, returning the predictions, the targets and the mask; {@link #loss} averages the
 * squared error over the masked patches of the whole batch.
 */
public final class MaeTask implements PretextTask {

    private final String encoderName;
    private final Encoder encoder;
    private final PatchTokenEncoder patches;
    private final MaskedAutoencoder model;
    private final double maskRatio;
    private final boolean normalisePixels;
    private final int decoderDim;
    private final int decoderDepth;

    MaeTask(String encoderName, Encoder encoder, PatchTokenEncoder patches, double maskRatio,
            boolean normalisePixels, int decoderDim, int decoderDepth, int decoderHeads) {
        this.encoderName = encoderName;
        this.encoder = encoder;
        this.patches = patches;
        this.maskRatio = maskRatio;
        this.normalisePixels = normalisePixels;
        this.decoderDim = decoderDim;
        this.decoderDepth = decoderDepth;
        this.model = Initialisers.xavierUniformWeights(
                new MaskedAutoencoder(encoder.block(), patches, decoderDim, decoderDepth, decoderHeads));
    }

    @Override
    public MaskedAutoencoder model() {
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

    /** Returns {@code [predicted patches (b,N,P), target patches (b,N,P), mask (b,N)]}. */
    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
        NDArray images = inputs.head();
        int batch = (int) images.getShape().get(0);
        RandomMasking masking = RandomMasking.draw(images.getManager(), batch, patches.tokenCount(), maskRatio,
                random);
        NDArray predicted = model.forward(parameters,
                new NDList(images, masking.keepIndices(), masking.restoreIndices()), true).singletonOrThrow();
        NDArray target = Patches.patchify(images, patches.patchSize());
        if (normalisePixels) {
            target = Patches.normalisePerPatch(target);
        }
        return new NDList(predicted, target, masking.mask());
    }

    @Override
    public PretextLoss loss(NDList outputs, StepInfo step) {
        return new PretextLoss(MaskedPatchLoss.compute(outputs.get(0), outputs.get(1), outputs.get(2)), Map.of());
    }

    @Override
    public long forwardFlopsPerSample() {
        Settings vit = encoder.settings();
        if (!vit.has("depth") || !vit.has("mlp_ratio")) {
            return 0; // not a ViT-shaped encoder: its FLOPs are not known here
        }
        long tokens = patches.tokenCount();
        long visible = RandomMasking.keepCount((int) tokens, maskRatio);
        long patchValues = (long) patches.patchSize() * patches.patchSize() * patches.channels();
        long dim = encoder.embeddingDim();
        double mlpRatio = vit.getDouble("mlp_ratio");
        int depth = vit.getInt("depth");
        return Flops.linear(tokens, patchValues, dim)
                + depth * Flops.transformerLayer(visible, dim, mlpRatio)
                + Flops.linear(visible, dim, decoderDim)
                + decoderDepth * Flops.transformerLayer(tokens, decoderDim, 4.0)
                + Flops.linear(tokens, decoderDim, patchValues);
    }

    @Override
    public Map<String, Encoder> encoders() {
        return Map.of(encoderName, encoder);
    }
}
