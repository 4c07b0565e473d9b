package dev.selfsup.vision.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PatchTokenEncoder;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An {@link Encoder} for square images backed by a {@link VisionTransformer}; as a {@link PatchTokenEncoder} it can
 * encode any subset of its patch tokens (what MAE needs).
 */
public final class VitEncoder implements Encoder, PatchTokenEncoder {

    private final Settings settings;
    private final int channels;
    private final int dim;
    private final VisionTransformer block;
    private final ImageInput input;

    VitEncoder(Settings settings) {
        this.settings = settings;
        int imageSize = settings.getInt("image");
        this.channels = settings.getInt("channels");
        this.dim = settings.getInt("dim");
        this.input = new ImageInput("vit", channels, imageSize);
        this.block = new VisionTransformer(imageSize, settings.getInt("patch"), dim, settings.getInt("depth"),
                settings.getInt("heads"), settings.getDouble("mlp_ratio"));
    }

    @Override
    public String modality() {
        return Sample.IMAGE;
    }

    @Override
    public VisionTransformer block() {
        return block;
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
    public Shape[] inputShapes(int batchSize) {
        return input.inputShapes(batchSize);
    }

    @Override
    public int embeddingDim() {
        return dim;
    }

    @Override
    public NDList collate(List<Sample> samples, NDManager manager) {
        return input.collate(samples, manager);
    }

    @Override
    public float[] rawFeatures(Sample sample) {
        return input.rawFeatures(sample);
    }

    /**
     * Reads an image file (PNG, JPEG, BMP, GIF), scaled to the encoder's size and converted to its channels;
     * pixels in [0, 1].
     */
    @Override
    public Sample readFile(Path file) throws IOException {
        return input.readFile(file);
    }

    @Override
    public Settings settings() {
        return settings;
    }
}
