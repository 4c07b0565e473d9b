package dev.selfsup.text.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.DownstreamHeadProvider;
import dev.selfsup.api.EncoderOutput;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

/**
 * Provides the {@code cls} downstream head: the features of each sequence's first token, the {@code [CLS]} token
 * of a text encoder (BERT's pooled embedding, without its extra dense layer). The {@code mean} head averages the
 * valid tokens instead; with causal attention the first token sees only itself, so use {@code mean} there.
 */
@Extension
public final class ClsTokenHeadProvider implements DownstreamHeadProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder().build();

    @Override
    public String name() {
        return "cls";
    }

    @Override
    public String description() {
        return "the first token's features ([CLS] of a text encoder)";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public DownstreamHead create(Settings settings) {
        return new DownstreamHead() {
            @Override
            public NDArray features(NDList encoderOutput) {
                NDArray tokens = EncoderOutput.tokens(encoderOutput);
                return tokens.get(":, 0, :");
            }

            @Override
            public int featureDim(int embeddingDim) {
                return embeddingDim;
            }
        };
    }
}
