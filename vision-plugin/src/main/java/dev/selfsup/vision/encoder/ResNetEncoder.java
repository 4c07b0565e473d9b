package dev.selfsup.vision.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** An {@link Encoder} for square images backed by a small {@link ResNet}; its tokens are feature-map positions. */
public final class ResNetEncoder implements Encoder {

    private final Settings settings;
    private final ResNet block;
    private final ImageInput input;
    private final int width;

    ResNetEncoder(Settings settings) {
        this.settings = settings;
        List<Integer> widths = settings.getIntList("widths");
        this.block = new ResNet(widths, settings.getInt("blocks_per_stage"));
        this.input = new ImageInput("resnet", settings.getInt("channels"), settings.getInt("image"));
        this.width = widths.get(widths.size() - 1);
    }

    @Override
    public String modality() {
        return Sample.IMAGE;
    }

    @Override
    public ResNet block() {
        return block;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        return input.inputShapes(batchSize);
    }

    @Override
    public int embeddingDim() {
        return width;
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
