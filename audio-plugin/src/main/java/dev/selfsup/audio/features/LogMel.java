package dev.selfsup.audio.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Log-mel spectrograms on the engine: a Hann-windowed short-time Fourier transform with DJL's {@code stft}
 * (centred frames, reflect padding as PyTorch pads), the power spectrum, a triangular mel filterbank on the HTK
 * scale built here (torchaudio's {@code melscale_fbanks} with {@code norm=None}) applied with a matrix product,
 * then {@code log(mel + 1e-6)}. Defaults for 16 kHz speech: 25 ms windows (400 samples), 10 ms hop, 40 bands.
 *
 * <p>{@link #statistics} is the audio plugin's raw-input baseline: the mean and the standard deviation over time
 * of every band, what a classifier can use without learning a representation.
 */
public final class LogMel {

    private static final double FLOOR = 1e-6;

    private final int sampleRate;
    private final int fftSize;
    private final int hop;
    private final int bands;
    private final float[][] filterbank;
    private final float[] window;

    /**
     * Creates the transform.
     *
     * @param sampleRate the waveform's rate
     * @param fftSize samples per window (and FFT size)
     * @param hop samples between windows
     * @param bands mel bands, between 0 Hz and the Nyquist frequency
     */
    public LogMel(int sampleRate, int fftSize, int hop, int bands) {
        if (sampleRate <= 0 || fftSize < 2 || hop < 1 || bands < 1) {
            throw new IllegalArgumentException("bad log-mel settings: rate " + sampleRate + ", fft " + fftSize
                    + ", hop " + hop + ", bands " + bands);
        }
        this.sampleRate = sampleRate;
        this.fftSize = fftSize;
        this.hop = hop;
        this.bands = bands;
        this.filterbank = filterbank(sampleRate, fftSize, bands);
        this.window = new float[fftSize];
        for (int i = 0; i < fftSize; i++) {
            window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / fftSize)); // periodic, as torch.hann_window
        }
    }

    /**
     * The default for 16 kHz speech: 25 ms windows, 10 ms hop, 40 bands (scaled to other rates).
     *
     * @param sampleRate the rate
     * @return the transform
     */
    public static LogMel speech(int sampleRate) {
        return new LogMel(sampleRate, sampleRate / 40, sampleRate / 100, 40);
    }

    /**
     * Computes the log-mel spectrogram of one waveform.
     *
     * @param samples the waveform (at least half a window long, for the reflect padding)
     * @param manager where the result lives
     * @return {@code (bands, frames)}, frames {@code = 1 + length / hop}
     */
    public NDArray spectrogram(float[] samples, NDManager manager) {
        if (samples.length <= fftSize / 2) {
            throw new IllegalArgumentException(samples.length + " samples: shorter than half a window ("
                    + (fftSize / 2 + 1) + " needed)");
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(samples);
            NDArray spectrum = x.stft(fftSize, hop, true, scope.create(window), false, false);
            // real and imaginary parts in the last axis: (freq, frames, 2)
            NDArray power = spectrum.square().sum(new int[] {-1});
            NDArray mel = scope.create(flatten(filterbank), new Shape(bands, filterbank[0].length)).matMul(power);
            NDArray out = mel.add(FLOOR).log();
            out.attach(manager);
            return out;
        }
    }

    /**
     * Returns the mean and standard deviation over time of every band.
     *
     * @param samples the waveform
     * @param manager a manager for the computation (nothing stays attached)
     * @return {@code 2 · bands} values: the means, then the standard deviations
     */
    public float[] statistics(float[] samples, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray logMel = spectrogram(samples, scope);
            NDArray mean = logMel.mean(new int[] {1});
            NDArray std = logMel.sub(mean.expandDims(1)).square().mean(new int[] {1}).sqrt();
            return mean.concat(std).toFloatArray();
        }
    }

    /** @return the number of bands */
    public int bands() {
        return bands;
    }

    /** @return the sample rate it expects */
    public int sampleRate() {
        return sampleRate;
    }

    /**
     * The triangular filters on the HTK mel scale, {@code (bands, fftSize/2 + 1)}: band {@code m} rises from mel
     * point {@code m} to {@code m+1} and falls to {@code m+2}, the points evenly spaced in mel from 0 Hz to the
     * Nyquist frequency.
     *
     * @param sampleRate the rate
     * @param fftSize the FFT size
     * @param bands the bands
     * @return the weights
     */
    static float[][] filterbank(int sampleRate, int fftSize, int bands) {
        int bins = fftSize / 2 + 1;
        double maxMel = mel(sampleRate / 2.0);
        double[] points = new double[bands + 2];
        for (int i = 0; i < points.length; i++) {
            points[i] = hertz(maxMel * i / (bands + 1));
        }
        float[][] out = new float[bands][bins];
        for (int m = 0; m < bands; m++) {
            for (int k = 0; k < bins; k++) {
                double f = (double) k * sampleRate / fftSize;
                double up = (f - points[m]) / (points[m + 1] - points[m]);
                double down = (points[m + 2] - f) / (points[m + 2] - points[m + 1]);
                out[m][k] = (float) Math.max(0, Math.min(up, down));
            }
        }
        return out;
    }

    static double mel(double hertz) {
        return 2595 * Math.log10(1 + hertz / 700);
    }

    static double hertz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    private static float[] flatten(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * rows[0].length, rows[0].length);
        }
        return out;
    }
}
