package dev.selfsup.vision.mae;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Settings;
import dev.selfsup.nn.Flops;
import dev.selfsup.nn.Patches;
import dev.selfsup.nn.RandomMasking;
import dev.selfsup.vision.encoder.VitEncoder;

import java.util.Map;
import java.util.Random;

/** The {@code mae} pretext task around a {@link VitEncoder}. */
public final class MaeTask implements PretextTask {

    private final VitEncoder encoder;
    private final MaskedAutoencoder model;
    private final double maskRatio;
    private final boolean normalisePixels;
    private final int channels;
    private final int decoderDim;
    private final int decoderDepth;

    MaeTask(VitEncoder encoder, int channels, double maskRatio, boolean normalisePixels, int decoderDim,
            int decoderDepth, int decoderHeads) {
        this.encoder = encoder;
        this.maskRatio = maskRatio;
        this.normalisePixels = normalisePixels;
        this.channels = channels;
        this.decoderDim = decoderDim;
        this.decoderDepth = decoderDepth;
        this.model = new MaskedAutoencoder(encoder.block(), channels, decoderDim, decoderDepth, decoderHeads);
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
    public PretextLoss loss(ParameterStore parameters, NDList inputs, Random random) {
        NDArray images = inputs.head();
        int batch = (int) images.getShape().get(0);
        RandomMasking masking = RandomMasking.draw(images.getManager(), batch, encoder.block().tokens(), maskRatio,
                random);
        NDArray predicted = model.forward(parameters,
                new NDList(images, masking.keepIndices(), masking.restoreIndices()), true).singletonOrThrow();
        NDArray target = Patches.patchify(images, encoder.block().patch());
        if (normalisePixels) {
            target = Patches.normalisePerPatch(target);
        }
        return new PretextLoss(MaskedPatchLoss.compute(predicted, target, masking.mask()), Map.of());
    }

    @Override
    public long forwardFlopsPerSample() {
        Settings vit = encoder.settings();
        long tokens = encoder.block().tokens();
        long visible = RandomMasking.keepCount((int) tokens, maskRatio);
        long patchValues = (long) encoder.block().patch() * encoder.block().patch() * channels;
        long dim = vit.getInt("dim");
        double mlpRatio = vit.getDouble("mlp_ratio");
        long flops = Flops.linear(tokens, patchValues, dim)
                + vit.getInt("depth") * Flops.transformerLayer(visible, dim, mlpRatio)
                + Flops.linear(visible, dim, decoderDim)
                + decoderDepth * Flops.transformerLayer(tokens, decoderDim, 4.0)
                + Flops.linear(tokens, decoderDim, patchValues);
        return flops;
    }

    @Override
    public Encoder encoder() {
        return encoder;
    }
}
