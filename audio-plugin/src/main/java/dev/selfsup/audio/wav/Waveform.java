package dev.selfsup.audio.wav;

/**
 * A mono waveform: samples in [-1, 1] at a sample rate.
 *
 * @param samples the samples (not copied)
 * @param sampleRate samples per second, positive
 */
public record Waveform(float[] samples, int sampleRate) {

    /** Checks the rate. */
    public Waveform {
        if (samples == null || sampleRate <= 0) {
            throw new IllegalArgumentException("a waveform needs samples and a positive rate, got rate " + sampleRate);
        }
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
