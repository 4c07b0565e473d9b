package dev.selfsup.vision.encoder;

import dev.selfsup.api.Settings;

import java.util.List;

/** An image encoder backed by a small {@link ResNet}; its tokens are the final feature map's positions. */
public final class ResNetEncoder extends ImageEncoder {

    private final ResNet block;
    private final int width;

    ResNetEncoder(Settings settings) {
        super("resnet", settings);
        List<Integer> widths = settings.getIntList("widths");
        this.block = new ResNet(widths, settings.getInt("blocks_per_stage"));
        this.width = widths.get(widths.size() - 1);
    }

    @Override
    public ResNet block() {
        return block;
    }

    @Override
    public int embeddingDim() {
        return width;
    }
}
