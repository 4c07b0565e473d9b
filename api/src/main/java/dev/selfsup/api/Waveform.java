package dev.selfsup.api;

/**
 * A mono waveform: samples in [-1, 1] at a sample rate, the shared representation between audio data sets and
 * audio encoders of different plugins (the value of a sample's {@link Sample#AUDIO} field). Immutable like
 * {@link Image}: the constructor copies the samples and {@link #samples()} returns a copy; read without copying
 * through {@link #copyTo} and {@link #sample}.
 *
 * @since 0.2.0
 */
public final class Waveform {

    private final float[] samples;
    private final int sampleRate;

    /**
     * Creates a waveform from a copy of the samples.
     *
     * @param samples the samples, mono
     * @param sampleRate samples per second, positive
     * @throws IllegalArgumentException if the rate is not positive
     */
    public Waveform(float[] samples, int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("a waveform needs a positive sample rate, got " + sampleRate);
        }
        this.samples = samples.clone();
        this.sampleRate = sampleRate;
    }

    /**
     * Returns a copy of the samples.
     *
     * @return the samples
     */
    public float[] samples() {
        return samples.clone();
    }

    /**
     * Returns one sample.
     *
     * @param index from 0
     * @return its value
     */
    public float sample(int index) {
        return samples[index];
    }

    /**
     * Copies samples into an array.
     *
     * @param from the first sample
     * @param target where to write
     * @param offset the first position written
     * @param count how many
     */
    public void copyTo(int from, float[] target, int offset, int count) {
        System.arraycopy(samples, from, target, offset, count);
    }

    /**
     * Returns the number of samples.
     *
     * @return samples
     */
    public int length() {
        return samples.length;
    }

    /**
     * Returns the sample rate.
     *
     * @return samples per second
     */
    public int sampleRate() {
        return sampleRate;
    }

    /**
     * Returns the duration.
     *
     * @return seconds
     */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }
}
