package dev.selfsup.vision.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PatchTokenEncoder;
import dev.selfsup.api.Settings;
import dev.selfsup.nn.TransformerStack;

/**
 * An {@link Encoder} for square images backed by a {@link VisionTransformer}; as a {@link PatchTokenEncoder} it can
 * encode any subset of its patch tokens (what MAE needs); as a {@link dev.selfsup.api.LayeredEncoder} its depth levels are the patch
 * embedding with the positions (0), each transformer layer (1 to depth) and the final norm (depth + 1).
 */
public final class VitEncoder extends ImageEncoder implements PatchTokenEncoder, TransformerStack.Levels {

    private final int channels;
    private final int dim;
    private final int depth;
    private final VisionTransformer block;

    VitEncoder(Settings settings) {
        super("vit", settings);
        this.channels = settings.getInt("channels");
        this.dim = settings.getInt("dim");
        this.depth = settings.getInt("depth");
        this.block = new VisionTransformer(settings.getInt("image"), settings.getInt("patch"), dim,
                settings.getInt("depth"), settings.getInt("heads"), settings.getDouble("mlp_ratio"));
    }

    @Override
    public VisionTransformer block() {
        return block;
    }

    @Override
    public int stackDepth() {
        return depth;
    }

    @Override
    public int patchSize() {
        return block.patch();
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int tokenCount() {
        return block.tokens();
    }

    @Override
    public NDArray embedPatches(ParameterStore parameters, NDArray patches, boolean training) {
        return block.embedPatches(parameters, patches, training);
    }

    @Override
    public NDArray encodeTokens(ParameterStore parameters, NDArray tokens, boolean training) {
        return block.encodeTokens(parameters, tokens, training);
    }

    @Override
    public int embeddingDim() {
        return dim;
    }
}
