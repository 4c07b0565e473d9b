package dev.selfsup.vision.encoder;

import dev.selfsup.api.LayeredEncoder;
import dev.selfsup.api.Settings;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An image encoder backed by a small {@link ResNet}; its tokens are the final feature map's positions. As a
 * {@link LayeredEncoder} its depth levels are the stem (0) and each residual block in order.
 */
public final class ResNetEncoder extends ImageEncoder implements LayeredEncoder {

    private static final Pattern BLOCK = Pattern.compile("stages_(\\d+)");

    private final ResNet block;
    private final int width;
    private final int residualBlocks;

    ResNetEncoder(Settings settings) {
        super("resnet", settings);
        List<Integer> widths = settings.getIntList("widths");
        this.block = new ResNet(widths, settings.getInt("blocks_per_stage"));
        this.width = widths.get(widths.size() - 1);
        this.residualBlocks = widths.size() * settings.getInt("blocks_per_stage");
    }

    @Override
    public int layerCount() {
        return residualBlocks + 1;
    }

    @Override
    public int layerOf(String parameterName) {
        Matcher stage = BLOCK.matcher(parameterName);
        return stage.find() ? Integer.parseInt(stage.group(1)) : 0;
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
