package dev.selfsup.audio.wav;

import dev.selfsup.api.Waveform;

/**
 * Band-limited sample-rate conversion by a Kaiser-windowed sinc, polyphase: the method of torchaudio's
 * {@code functional.resample} with the parameters of its (and resampy's) {@code kaiser_best} setting, written out
 * because no resampling library is on Maven Central and the JDK's own conversion interpolates linearly and
 * aliases (a 10 kHz tone survives 48 kHz to 16 kHz at 0 dB).
 *
 * <p>The rates are reduced by their greatest common divisor to {@code from/to}; output sample {@code m} sits at
 * input position {@code m·from/to}, whose fractional part repeats every {@code to} outputs, so one kernel per
 * phase is computed once. The kernel is a low-pass at {@code rolloff} times the lower Nyquist frequency
 * ({@code 2fc·sinc(2fc·d)}, {@code fc} in cycles per input sample, unit gain at DC), windowed by a Kaiser window
 * over {@code zeroCrossings} zero crossings each side. Samples before the start and after the end count as silence.
 * The output has {@code ceil(n·to/from)} samples.
 *
 * <p>torchaudio's default (6 zero crossings, roll-off 0.99) is too short a filter for speech going to 16 kHz: its
 * transition band is several kHz wide, and a 10 kHz tone came through 48 kHz to 16 kHz only 20 dB down
 * ({@code ResamplerTest}). With 64 zero crossings the transition is about 1 kHz wide at 48 kHz and such tones are
 * gone; the price is about 400 multiply-adds per output sample (6.5 M per second of 16 kHz audio).
 */
public final class Resampler {

    /** Zero crossings of the sinc each side (torchaudio's {@code lowpass_filter_width}). */
    public static final int ZERO_CROSSINGS = 64;
    /** The cut-off as a share of the lower Nyquist frequency. */
    public static final double ROLLOFF = 0.9475937167399596;
    /** Kaiser window shape. */
    public static final double BETA = 14.769656459379492;

    private final int fromRate;
    private final int toRate;
    private final int from;
    private final int to;
    private final int halfWidth;
    private final float[][] kernels;

    /**
     * Creates a resampler between two rates.
     *
     * @param fromRate the input rate, positive
     * @param toRate the output rate, positive
     */
    public Resampler(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " and " + toRate);
        }
        this.fromRate = fromRate;
        this.toRate = toRate;
        int gcd = gcd(fromRate, toRate);
        from = fromRate / gcd;
        to = toRate / gcd;
        double cutoff = ROLLOFF * Math.min(1.0, (double) to / from) / 2; // cycles per input sample
        double reach = ZERO_CROSSINGS / (2 * cutoff); // input samples each side where the window is non-zero
        halfWidth = (int) Math.ceil(reach) + 1;
        kernels = new float[from == to ? 0 : to][2 * halfWidth];
        double i0Beta = besselI0(BETA);
        for (int phase = 0; phase < kernels.length; phase++) {
            double fraction = (double) ((long) phase * from % to) / to;
            for (int tap = 0; tap < 2 * halfWidth; tap++) {
                double d = tap - halfWidth + 1 - fraction; // input offset of this tap from the output position
                if (Math.abs(d) >= reach) {
                    continue;
                }
                double x = 2 * cutoff * d;
                double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                double ratio = d / reach;
                double window = besselI0(BETA * Math.sqrt(1 - ratio * ratio)) / i0Beta;
                kernels[phase][tap] = (float) (2 * cutoff * sinc * window);
            }
        }
    }

    /**
     * Resamples a waveform to this resampler's output rate.
     *
     * @param waveform at the input rate
     * @return at the output rate
     */
    public Waveform resample(Waveform waveform) {
        if (waveform.sampleRate() != fromRate) {
            throw new IllegalArgumentException("this resampler takes " + fromRate + " Hz, the waveform is "
                    + waveform.sampleRate() + " Hz");
        }
        return new Waveform(resample(waveform.samples()), toRate);
    }

    /**
     * Resamples samples at the input rate.
     *
     * @param in the samples
     * @return the samples at the output rate
     */
    public float[] resample(float[] in) {
        if (from == to) {
            return in.clone();
        }
        int n = in.length;
        int outLength = (int) ((long) n * to / from + ((long) n * to % from == 0 ? 0 : 1));
        float[] out = new float[outLength];
        for (int m = 0; m < outLength; m++) {
            long base = (long) m * from / to; // floor of the input position
            float[] kernel = kernels[m % to];
            long first = base - halfWidth + 1;
            int lo = (int) Math.max(0, -first);
            int hi = (int) Math.min(kernel.length, n - first);
            double sum = 0;
            for (int tap = lo; tap < hi; tap++) {
                sum += kernel[tap] * in[(int) (first + tap)];
            }
            out[m] = (float) sum;
        }
        return out;
    }

    /**
     * Brings a waveform to a rate.
     *
     * @param waveform any rate
     * @param rate the rate wanted
     * @return the waveform at {@code rate} (itself when it is already there)
     */
    public static Waveform toRate(Waveform waveform, int rate) {
        return waveform.sampleRate() == rate ? waveform : new Resampler(waveform.sampleRate(), rate).resample(waveform);
    }

    /** The modified Bessel function of the first kind, order 0, by its power series. */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double quarter = x * x / 4;
        for (int k = 1; k < 500; k++) {
            term *= quarter / ((double) k * k);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
