package dev.selfsup.audio.encoder;

import dev.selfsup.api.Encoder;
import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import org.pf4j.Extension;

import java.util.List;

/**
 * Creates {@code waveform_transformer} encoders. Defaults are a small wav2vec 2.0 for 2-core CPUs: the paper's
 * feature encoder kernels and strides (20 ms frames at 16 kHz) with 64 channels instead of 512, a 4-layer,
 * 128-wide transformer instead of 12 x 768, and a 32-frame position convolution in 8 groups instead of 128 in 16.
 */
@Extension
public final class WaveformTransformerProvider implements EncoderProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("sample_rate", 16000, 1000, 384000, "the rate of the waveforms it reads (files are resampled)")
            .addDouble("max_seconds", 2.0, 0.05, 600.0, "clips are cut to this length")
            .addIntList("conv_kernels", List.of(10L, 3L, 3L, 3L, 3L, 2L, 2L), 1, 1024, "feature encoder kernels")
            .addIntList("conv_strides", List.of(5L, 2L, 2L, 2L, 2L, 2L, 2L), 1, 1024, "feature encoder strides, as "
                    + "many as kernels")
            .addInt("conv_channels", 64, 1, 4096, "feature encoder channels")
            .addInt("dim", 128, 8, 8192, "transformer width")
            .addInt("depth", 4, 1, 64, "transformer layers")
            .addInt("heads", 4, 1, 128, "attention heads; must divide dim")
            .addDouble("mlp_ratio", 4.0, 0.25, 16.0, "MLP hidden width relative to dim")
            .addInt("position_kernel", 32, 1, 1024, "frames the position convolution spans")
            .addInt("position_groups", 8, 1, 1024, "groups of the position convolution; must divide dim")
            .build();

    @Override
    public String name() {
        return "waveform_transformer";
    }

    @Override
    public String description() {
        return "wav2vec 2.0-style encoder: convolutions over the raw waveform (20 ms frames), convolutional "
                + "positions, transformer; padding masks; log-mel statistics as raw features";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public Encoder create(Settings settings) {
        if (settings.getInt("dim") % settings.getInt("heads") != 0) {
            throw new IllegalArgumentException(settings.fullKey("heads") + " must divide dim");
        }
        if (settings.getIntList("conv_kernels").size() != settings.getIntList("conv_strides").size()) {
            throw new IllegalArgumentException(settings.fullKey("conv_strides") + " must list as many strides as "
                    + "conv_kernels lists kernels");
        }
        return new WaveformTransformerEncoder(settings);
    }
}
