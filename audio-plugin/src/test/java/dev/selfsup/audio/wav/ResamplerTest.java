package dev.selfsup.audio.wav;

import dev.selfsup.api.Waveform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The resampler on pure tones: frequency and amplitude kept, tones above the new Nyquist frequency removed. */
class ResamplerTest {

    private static float[] tone(double hertz, double amplitude, int rate, double seconds) {
        float[] out = new float[(int) Math.round(rate * seconds)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hertz * i / rate));
        }
        return out;
    }

    /** Amplitude of the component at a frequency, by projection on sine and cosine over the middle half. */
    private static double amplitudeAt(float[] samples, int rate, double hertz) {
        int start = samples.length / 4;
        int end = 3 * samples.length / 4;
        double s = 0;
        double c = 0;
        for (int i = start; i < end; i++) {
            s += samples[i] * Math.sin(2 * Math.PI * hertz * i / rate);
            c += samples[i] * Math.cos(2 * Math.PI * hertz * i / rate);
        }
        return 2 * Math.hypot(s, c) / (end - start);
    }

    private static double rms(float[] samples) {
        double sum = 0;
        int start = samples.length / 4;
        int end = 3 * samples.length / 4;
        for (int i = start; i < end; i++) {
            sum += samples[i] * samples[i];
        }
        return Math.sqrt(sum / (end - start));
    }

    @ParameterizedTest(name = "{2} Hz tone, {0} Hz to {1} Hz")
    @CsvSource({"44100, 16000, 440", "22050, 16000, 3000", "8000, 16000, 1000", "48000, 16000, 4000",
        "16000, 44100, 5000", "11025, 16000, 2500"})
    void keepsATonesFrequencyAndAmplitude(int from, int to, double hertz) {
        float[] out = new Resampler(from, to).resample(tone(hertz, 0.5, from, 1.0));
        assertEquals(to, out.length, 1, "one second stays one second");
        assertEquals(0.5, amplitudeAt(out, to, hertz), 0.01, "amplitude at " + hertz + " Hz");
        // all the energy is at that frequency: nothing shifted or smeared
        assertEquals(0.5 / Math.sqrt(2), rms(out), 0.005);
        double peak = hertz;
        for (double f = hertz - 2; f <= hertz + 2; f += 0.05) {
            peak = amplitudeAt(out, to, f) > amplitudeAt(out, to, peak) ? f : peak;
        }
        assertEquals(hertz, peak, 0.1, "the spectrum peaks at the tone's frequency");
    }

    @ParameterizedTest(name = "{2} Hz tone, {0} Hz to {1} Hz")
    @CsvSource({"48000, 16000, 10000", "44100, 16000, 12000", "22050, 16000, 9000", "48000, 8000, 5000"})
    void removesAToneAboveTheNewNyquistFrequencyInsteadOfAliasingIt(int from, int to, double hertz) {
        float[] out = new Resampler(from, to).resample(tone(hertz, 0.5, from, 1.0));
        double alias = Math.abs(to - hertz % to);
        assertTrue(rms(out) < 0.5 * 0.01, "at least 40 dB down: rms " + rms(out) + " (the alias would be at "
                + alias + " Hz)");
    }

    @Test
    void keepsSilenceAndDcAndIsTheIdentityBetweenEqualRates() {
        float[] dc = new float[8000];
        java.util.Arrays.fill(dc, 0.25f);
        float[] out = new Resampler(8000, 16000).resample(dc);
        assertEquals(16000, out.length);
        for (int i = 100; i < out.length - 100; i++) {
            assertEquals(0.25, out[i], 1e-4, "sample " + i);
        }
        float[] same = tone(300, 0.3, 16000, 0.1);
        assertArrayEquals(same, new Resampler(16000, 16000).resample(same));
        assertArrayEquals(new float[0], new Resampler(44100, 16000).resample(new float[0]));
        assertEquals(3, new Resampler(44100, 16000).resample(new float[7]).length, "ceil(7 * 160 / 441)");
    }

    @Test
    void checksItsRatesAndTheWaveformsRate() {
        assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 16000));
        Waveform wrong = new Waveform(new float[10], 8000);
        assertThrows(IllegalArgumentException.class, () -> new Resampler(44100, 16000).resample(wrong));
        Waveform right = Resampler.toRate(new Waveform(tone(440, 0.5, 44100, 0.5), 44100), 16000);
        assertEquals(16000, right.sampleRate());
        assertEquals(0.5, right.seconds(), 1e-3);
    }

    @Test
    void besselI0MatchesKnownValues() {
        assertEquals(1.0, Resampler.besselI0(0), 1e-15);
        assertEquals(1.2660658777520084, Resampler.besselI0(1), 1e-14);
        assertEquals(2815.716628466254, Resampler.besselI0(10), 1e-9);
    }
}
