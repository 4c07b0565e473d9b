package dev.selfsup.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.DownstreamHeadProvider;
import dev.selfsup.api.EncoderOutput;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.nn.Pooling;
import org.pf4j.Extension;

/**
 * The {@code mean} downstream head: averages the encoder's valid token features (padding excluded by the
 * encoder's valid-token mask), optionally concatenated with their maximum ({@code with_max: true}).
 */
@Extension
public final class MeanPoolingHeadProvider implements DownstreamHeadProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addBoolean("with_max", false, "also append the per-dimension maximum over tokens")
            .build();

    @Override
    public String name() {
        return "mean";
    }

    @Override
    public String description() {
        return "mean of the encoder's token features (optionally with their max)";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public DownstreamHead create(Settings settings) {
        boolean withMax = settings.getBoolean("with_max");
        return new DownstreamHead() {
            @Override
            public NDArray features(NDList encoderOutput) {
                NDArray tokens = EncoderOutput.tokens(encoderOutput);
                NDArray valid = EncoderOutput.validMask(encoderOutput);
                NDArray mean = Pooling.mean(tokens, valid);
                return withMax ? NDArrays.concat(new NDList(mean, Pooling.max(tokens, valid)), 1) : mean;
            }

            @Override
            public int featureDim(int embeddingDim) {
                return withMax ? 2 * embeddingDim : embeddingDim;
            }
        };
    }
}
