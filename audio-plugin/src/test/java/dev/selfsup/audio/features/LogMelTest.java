package dev.selfsup.audio.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.Test;

/** The engine's log-mel against a direct DFT written here, and on tones. */
class LogMelTest {

    private static float[] tone(double hertz, int rate, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (0.5 * Math.sin(2 * Math.PI * hertz * i / rate) + 0.1 * Math.sin(0.37 * i * i % 7));
        }
        return out;
    }

    @Test
    void matchesADirectDftOfAFrameAwayFromTheEdges() {
        LogMel logMel = LogMel.speech(16000);
        float[] x = tone(1234, 16000, 4000);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray spectrogram = logMel.spectrogram(x, manager);
            assertEquals(40, spectrogram.getShape().get(0));
            assertEquals(1 + 4000 / 160, spectrogram.getShape().get(1));
            int frame = 10; // centred: window starts at frame * hop - fft/2
            int start = frame * 160 - 200;
            double[] power = new double[201];
            for (int k = 0; k <= 200; k++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < 400; i++) {
                    double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / 400);
                    re += w * x[start + i] * Math.cos(2 * Math.PI * k * i / 400);
                    im -= w * x[start + i] * Math.sin(2 * Math.PI * k * i / 400);
                }
                power[k] = re * re + im * im;
            }
            float[][] bank = LogMel.filterbank(16000, 400, 40);
            float[] engine = spectrogram.get(":, " + frame).toFloatArray();
            for (int m = 0; m < 40; m++) {
                double mel = 0;
                for (int k = 0; k <= 200; k++) {
                    mel += bank[m][k] * power[k];
                }
                assertEquals(Math.log(mel + 1e-6), engine[m], 1e-3 * Math.max(1, Math.abs(Math.log(mel + 1e-6))),
                        "band " + m);
            }
        }
    }

    @Test
    void aToneLightsItsOwnBandAndStatisticsHaveMeansThenSpreads() {
        LogMel logMel = LogMel.speech(16000);
        float[][] bank = LogMel.filterbank(16000, 400, 40);
        int bin = (int) Math.round(2000.0 * 400 / 16000);
        int expected = 0;
        for (int m = 1; m < 40; m++) {
            expected = bank[m][bin] > bank[expected][bin] ? m : expected;
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] stats = logMel.statistics(pure(2000, 16000, 8000), manager);
            assertEquals(80, stats.length);
            int loudest = 0;
            for (int m = 1; m < 40; m++) {
                loudest = stats[m] > stats[loudest] ? m : loudest;
            }
            assertEquals(expected, loudest, "the 2 kHz band is the loudest");
            for (int m = 0; m < 40; m++) {
                assertTrue(stats[40 + m] >= 0, "spreads are not negative");
            }
            assertTrue(stats[40 + loudest] < 0.5, "a steady tone barely varies in its band: " + stats[40 + loudest]);
            assertArrayEquals(stats, logMel.statistics(pure(2000, 16000, 8000), manager), "deterministic");
            assertThrows(IllegalArgumentException.class, () -> logMel.statistics(new float[100], manager));
        }
    }

    @Test
    void theMelScaleRoundTripsAndTheFiltersCoverTheSpectrum() {
        assertEquals(1000, LogMel.hertz(LogMel.mel(1000)), 1e-9);
        assertEquals(1000, LogMel.mel(1000), 0.5, "1 kHz is about 1000 mel on the HTK scale");
        float[][] bank = LogMel.filterbank(16000, 400, 40);
        double first = LogMel.hertz(LogMel.mel(8000) / 41);
        double last = LogMel.hertz(LogMel.mel(8000) * 40 / 41);
        for (int k = (int) Math.ceil(first / 40); k * 40 <= last; k++) { // bins of 40 Hz between the outer peaks
            double total = 0;
            for (float[] band : bank) {
                total += band[k];
            }
            assertEquals(1.0, total, 1e-5, "overlapping triangles sum to one at bin " + k);
        }
    }

    private static float[] pure(double hertz, int rate, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (0.5 * Math.sin(2 * Math.PI * hertz * i / rate));
        }
        return out;
    }
}
