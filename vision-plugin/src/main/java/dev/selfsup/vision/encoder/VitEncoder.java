package dev.selfsup.vision.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.Image;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;

import java.util.List;

/** An {@link Encoder} for square images backed by a {@link VisionTransformer}. */
public final class VitEncoder implements Encoder {

    private final Settings settings;
    private final int imageSize;
    private final int channels;
    private final int dim;
    private final VisionTransformer block;

    VitEncoder(Settings settings) {
        this.settings = settings;
        this.imageSize = settings.getInt("image");
        this.channels = settings.getInt("channels");
        this.dim = settings.getInt("dim");
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
    public Shape[] inputShapes(int batchSize) {
        return new Shape[] {new Shape(batchSize, channels, imageSize, imageSize)};
    }

    @Override
    public int embeddingDim() {
        return dim;
    }

    @Override
    public NDList collate(List<Sample> samples, NDManager manager) {
        int size = channels * imageSize * imageSize;
        float[] batch = new float[samples.size() * size];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(image(samples.get(i)).pixels(), 0, batch, i * size, size);
        }
        return new NDList(manager.create(batch, new Shape(samples.size(), channels, imageSize, imageSize)));
    }

    private Image image(Sample sample) {
        Image image = sample.get(Sample.IMAGE, Image.class);
        if (image.channels() != channels || image.height() != imageSize || image.width() != imageSize) {
            throw new IllegalArgumentException("the vit encoder expects " + channels + "x" + imageSize + "x"
                    + imageSize + " images (encoder.channels, encoder.image), got " + image.channels() + "x"
                    + image.height() + "x" + image.width());
        }
        return image;
    }

    @Override
    public float[] rawFeatures(Sample sample) {
        return image(sample).pixels().clone();
    }

    @Override
    public Settings settings() {
        return settings;
    }
}
