package dev.selfsup.audio.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.LatentFrameEncoder;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.Waveform;
import dev.selfsup.audio.features.LogMel;
import dev.selfsup.audio.wav.Resampler;
import dev.selfsup.audio.wav.WavReader;
import dev.selfsup.nn.TransformerStack;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code waveform_transformer} encoder: a {@link WaveformTransformer} over waveforms at {@code sample_rate}.
 * A batch is padded to its longest clip, clips longer than {@code max_seconds} are cut there, and the valid-sample
 * mask goes in beside it. Its raw-input features (the baseline every evaluation compares with) are the log-mel
 * statistics: mean and standard deviation over time of 40 bands ({@link LogMel}). Files are read by
 * {@link WavReader} and resampled, for {@code selfsup embed} and {@code predict}. As a {@link LatentFrameEncoder}
 * it gives the wav2vec task its two halves; as a {@link dev.selfsup.api.LayeredEncoder} (layer-wise learning-rate decay in
 * fine-tuning) its depth levels are the feature encoder with the projection and the position convolution (0), each
 * transformer layer (1 to depth) and the final norm (depth + 1).
 */
public final class WaveformTransformerEncoder implements Encoder, LatentFrameEncoder, TransformerStack.Levels {

    private final Settings settings;
    private final WaveformTransformer block;
    private final int sampleRate;
    private final int maxSamples;
    private final LogMel logMel;

    WaveformTransformerEncoder(Settings settings) {
        this.settings = settings;
        this.sampleRate = settings.getInt("sample_rate");
        this.maxSamples = (int) Math.round(settings.getDouble("max_seconds") * sampleRate);
        this.block = new WaveformTransformer(settings.getIntList("conv_kernels"), settings.getIntList("conv_strides"),
                settings.getInt("conv_channels"), settings.getInt("dim"), settings.getInt("depth"),
                settings.getInt("heads"), settings.getDouble("mlp_ratio"), settings.getInt("position_kernel"),
                settings.getInt("position_groups"));
        this.logMel = LogMel.speech(sampleRate);
        if (block.frames(maxSamples) < 1) {
            throw new IllegalArgumentException("max_seconds " + settings.getDouble("max_seconds") + " is shorter "
                    + "than one frame of the feature encoder");
        }
    }

    @Override
    public String modality() {
        return Sample.AUDIO;
    }

    @Override
    public WaveformTransformer block() {
        return block;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        Shape shape = new Shape(batchSize, maxSamples);
        return new Shape[] {shape, shape};
    }

    @Override
    public int embeddingDim() {
        return settings.getInt("dim");
    }

    @Override
    public NDList collate(List<Sample> samples, NDManager manager) {
        int longest = 0;
        for (Sample sample : samples) {
            longest = Math.max(longest, Math.min(maxSamples, waveform(sample).length()));
        }
        int width = Math.max(longest, minimumSamples());
        float[] padded = new float[samples.size() * width];
        float[] valid = new float[samples.size() * width];
        for (int i = 0; i < samples.size(); i++) {
            Waveform waveform = waveform(samples.get(i));
            int length = Math.min(width, waveform.length());
            waveform.copyTo(0, padded, i * width, length);
            java.util.Arrays.fill(valid, i * width, i * width + length, 1f);
        }
        Shape shape = new Shape(samples.size(), width);
        return new NDList(manager.create(padded, shape), manager.create(valid, shape));
    }

    /** A batch is at least one receptive field long, so that a very short clip still gives a frame's shape. */
    private int minimumSamples() {
        int samples = 1;
        while (block.frames(samples) < 1) {
            samples *= 2;
        }
        return samples;
    }

    private Waveform waveform(Sample sample) {
        Waveform waveform = sample.get(Sample.AUDIO, Waveform.class);
        if (waveform.sampleRate() != sampleRate) {
            throw new IllegalArgumentException("a " + waveform.sampleRate() + " Hz clip for an encoder of "
                    + sampleRate + " Hz: set the data set's sample_rate to " + sampleRate);
        }
        return waveform;
    }

    @Override
    public float[] rawFeatures(Sample sample) {
        Waveform waveform = waveform(sample);
        float[] samples = waveform.samples();
        int needed = logMel.sampleRate() / 40 / 2 + 1;
        if (samples.length < needed) {
            samples = java.util.Arrays.copyOf(samples, needed);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            return logMel.statistics(samples, manager);
        }
    }

    @Override
    public NDList latents(ParameterStore ps, NDList inputs, boolean training) {
        return block.latents(ps, inputs.get(0), inputs.size() > 1 ? inputs.get(1) : null, training);
    }

    @Override
    public int latentDim() {
        return settings.getInt("conv_channels");
    }

    @Override
    public NDArray project(ParameterStore ps, NDArray latents, boolean training) {
        return block.project(ps, latents, training);
    }

    @Override
    public NDList contextualise(ParameterStore ps, NDArray frames, NDArray frameMask, boolean training) {
        return block.contextualise(ps, frames, frameMask, training);
    }

    @Override
    public int stackDepth() {
        return settings.getInt("depth");
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public Sample readFile(Path file) throws IOException {
        return Sample.unlabelled(Sample.AUDIO, Resampler.toRate(WavReader.read(file), sampleRate));
    }
}
