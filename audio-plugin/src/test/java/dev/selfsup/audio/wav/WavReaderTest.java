package dev.selfsup.audio.wav;

import dev.selfsup.api.Waveform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAV files written byte by byte here, in each encoding the reader promises and in each broken way. */
class WavReaderTest {

    private static final int PCM = 1;
    private static final int FLOAT = 3;
    private static final int ADPCM = 2;
    private static final int MU_LAW = 7;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final byte[] PCM_GUID = {1, 0, 0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38,
        (byte) 0x9B, 0x71};

    @TempDir
    Path dir;

    /** A RIFF/WAVE file: a fmt chunk (plain or extensible) and a data chunk that may declare more than it holds. */
    private static byte[] wav(int tag, int channels, int rate, int bits, byte[] data, int declaredDataBytes) {
        boolean extensible = tag == EXTENSIBLE;
        int fmtSize = extensible ? 40 : 16;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + 8 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(4 + 8 + fmtSize + 8 + declaredDataBytes).put("WAVE".getBytes());
        int blockAlign = channels * bits / 8;
        b.put("fmt ".getBytes()).putInt(fmtSize).putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        if (extensible) {
            b.putShort((short) 22).putShort((short) bits).putInt(channels == 2 ? 3 : 4).put(PCM_GUID);
        }
        b.put("data".getBytes()).putInt(declaredDataBytes).put(data);
        return b.array();
    }

    private static byte[] wav(int tag, int channels, int rate, int bits, byte[] data) {
        return wav(tag, channels, rate, bits, data, data.length);
    }

    private Waveform read(byte[] bytes) throws IOException {
        Path file = dir.resolve("clip.wav");
        Files.write(file, bytes);
        return WavReader.read(file);
    }

    private static byte[] little(int bytesPerSample, long... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long v : values) {
            for (int i = 0; i < bytesPerSample; i++) {
                out.write((int) (v >> (8 * i)) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    @Test
    void readsEachPcmWidthExactly() throws IOException {
        Waveform eight = read(wav(PCM, 1, 8000, 8, new byte[] {(byte) 128, (byte) 192, 64, 0, (byte) 255}));
        assertEquals(8000, eight.sampleRate());
        assertSamples(eight, 0, 0.5f, -0.5f, -1f, 127f / 128);

        Waveform sixteen = read(wav(PCM, 1, 16000, 16, little(2, 0, 16384, -32768, 32767, -1)));
        assertSamples(sixteen, 0, 0.5f, -1f, 32767f / 32768, -1f / 32768);

        Waveform twentyFour = read(wav(PCM, 1, 44100, 24, little(3, 0, 4194304, -8388608, 1)));
        assertEquals(44100, twentyFour.sampleRate());
        assertSamples(twentyFour, 0, 0.5f, -1f, 1f / 8388608);

        Waveform thirtyTwo = read(wav(PCM, 1, 11025, 32, little(4, 0, 1 << 30, Integer.MIN_VALUE)));
        assertSamples(thirtyTwo, 0, 0.5f, -1f);
    }

    @Test
    void readsFloatsOfBothWidths() throws IOException {
        ByteBuffer f32 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-0.75f)
                .putFloat(1f);
        assertSamples(read(wav(FLOAT, 1, 22050, 32, f32.array())), 0.25f, -0.75f, 1f);
        ByteBuffer f64 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.125).putDouble(-0.5);
        assertSamples(read(wav(FLOAT, 1, 48000, 64, f64.array())), 0.125f, -0.5f);
    }

    @Test
    void expandsMuLaw() throws IOException {
        // G.711: 0xFF and 0x7F are zero, 0x80 and 0x00 the extremes, +-32124 of 32768
        Waveform ulaw = read(wav(MU_LAW, 1, 8000, 8, new byte[] {(byte) 0xFF, 0x7F, (byte) 0x80, 0x00}));
        assertSamples(ulaw, 0, 0, 32124f / 32768, -32124f / 32768);
    }

    @Test
    void mixesChannelsToMonoIncludingExtensibleFiles() throws IOException {
        // stereo 16-bit: left 0.5, right -0.25 -> 0.125; then left 0, right 0.5 -> 0.25
        Waveform stereo = read(wav(PCM, 2, 16000, 16, little(2, 16384, -8192, 0, 16384)));
        assertSamples(stereo, 0.125f, 0.25f);
        Waveform extensible = read(wav(EXTENSIBLE, 2, 16000, 24, little(3, 4194304, 0, -4194304, -4194304)));
        assertSamples(extensible, 0.25f, -0.5f);
        long[] six = {8192, 8192, 8192, 8192, 8192, -8192};
        Waveform surround = read(wav(EXTENSIBLE, 6, 48000, 16, little(2, six)));
        assertSamples(surround, (4 * 0.25f) / 6);
    }

    @Test
    void brokenFilesAreErrorsNamingTheFile() throws IOException {
        Path junk = dir.resolve("junk.wav");
        Files.writeString(junk, "this is not audio at all, just some text that is long enough");
        assertNames(junk, "not an audio file the JDK can read");

        Path empty = dir.resolve("empty.wav");
        Files.write(empty, new byte[0]);
        assertNames(empty, "not an audio file the JDK can read");

        Path truncated = dir.resolve("truncated.wav");
        Files.write(truncated, wav(PCM, 1, 16000, 16, little(2, 1, 2, 3, 4, 5), 2000));
        assertNames(truncated, "truncated: its header declares 1000 sample frames, the file holds 5");

        Path adpcm = dir.resolve("adpcm.wav");
        Files.write(adpcm, wav(ADPCM, 1, 16000, 4, new byte[64]));
        IOException error = assertThrows(IOException.class, () -> WavReader.read(adpcm));
        assertTrue(error.getMessage().startsWith(adpcm.toString()), error.getMessage());

        Path missing = dir.resolve("missing.wav");
        IOException gone = assertThrows(IOException.class, () -> WavReader.read(missing));
        assertTrue(gone.getMessage().contains("missing.wav"), gone.getMessage());
    }

    private static void assertNames(Path file, String what) {
        IOException error = assertThrows(IOException.class, () -> WavReader.read(file));
        assertTrue(error.getMessage().startsWith(file + ": ") && error.getMessage().contains(what),
                error.getMessage());
    }

    private static void assertSamples(Waveform waveform, float... expected) {
        assertEquals(expected.length, waveform.samples().length, "sample count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], waveform.samples()[i], 1e-7, "sample " + i);
        }
    }
}
