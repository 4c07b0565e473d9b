package dev.selfsup.audio.wav2vec;

import dev.selfsup.api.LatentFrameEncoder;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.TaskContext;
import org.pf4j.Extension;

/** Creates {@code wav2vec} tasks; defaults are the paper's base configuration where they do not depend on size. */
@Extension
public final class Wav2vecTaskProvider implements PretextTaskProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addDouble("mask_probability", 0.65, 0.01, 1.0, "share of frames starting a masked span (fairseq's "
                    + "mask_prob; the paper's p = 0.065 counts differently); spans overlap, ~49% of frames masked")
            .addInt("mask_span", 10, 1, 1000, "frames per masked span (M)")
            .addInt("distractors", 100, 1, 10_000, "negatives per masked frame (K), from the utterance's other "
                    + "masked frames")
            .addDouble("similarity_temperature", 0.1, 1e-4, 10.0, "temperature of the cosine similarities")
            .addInt("groups", 2, 1, 64, "quantiser groups (G)")
            .addInt("entries", 320, 2, 100_000, "codewords per group (V)")
            .addInt("code_dim", 256, 2, 65_536, "quantised vector width, a multiple of groups")
            .addInt("final_dim", 256, 2, 65_536, "width of the compared projections")
            .addDouble("max_temperature", 2.0, 0.01, 100.0, "Gumbel-softmax temperature at the start")
            .addDouble("min_temperature", 0.5, 0.01, 100.0, "its floor")
            .addDouble("anneal_fraction", 0.69, 0.01, 1.0, "share of the run over which the temperature falls to "
                    + "its floor (the paper: 2 x 0.999995^step reaches 0.5 at 69% of 400k updates)")
            .addDouble("diversity_weight", 0.1, 0.0, 100.0, "weight of the codebook diversity loss")
            .addDouble("penalty_weight", 10.0, 0.0, 1000.0, "weight of the feature penalty")
            .addDouble("feature_gradient", 0.1, 0.0, 1.0, "factor on the feature encoder's gradient")
            .build();

    @Override
    public String name() {
        return "wav2vec";
    }

    @Override
    public String description() {
        return "wav2vec 2.0: masked latent frames, contrastive against Gumbel-quantised targets of the utterance";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public String unsupportedReason(TaskContext context) {
        return context.encoderCapability(LatentFrameEncoder.class).isPresent() ? ""
                : "wav2vec needs an encoder with latent frames and a context network (LatentFrameEncoder), such as "
                        + "waveform_transformer";
    }

    @Override
    public PretextTask create(TaskContext context) {
        Settings s = context.settings();
        if (s.getInt("code_dim") % s.getInt("groups") != 0) {
            throw new IllegalArgumentException(s.fullKey("code_dim") + " must be a multiple of groups");
        }
        if (s.getDouble("min_temperature") > s.getDouble("max_temperature")) {
            throw new IllegalArgumentException(s.fullKey("min_temperature") + " is above max_temperature");
        }
        LatentFrameEncoder frames = context.encoderCapability(LatentFrameEncoder.class).orElseThrow(() ->
                new IllegalArgumentException(unsupportedReason(context)));
        return new Wav2vecTask(context.encoderName(), context.encoder(), frames, new Wav2vecSettings(
                s.getDouble("mask_probability"), s.getInt("mask_span"), s.getInt("distractors"),
                s.getDouble("similarity_temperature"), s.getInt("groups"), s.getInt("entries"), s.getInt("code_dim"),
                s.getInt("final_dim"), s.getDouble("max_temperature"), s.getDouble("min_temperature"),
                s.getDouble("anneal_fraction"), s.getDouble("diversity_weight"), s.getDouble("penalty_weight"),
                s.getDouble("feature_gradient")));
    }
}
