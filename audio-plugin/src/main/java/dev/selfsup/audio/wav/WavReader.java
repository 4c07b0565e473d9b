package dev.selfsup.audio.wav;

import dev.selfsup.api.Waveform;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Reads audio files into mono {@link Waveform}s at their own rate, with the JDK's {@code javax.sound.sampled}:
 * WAV with PCM of 8 (unsigned), 16, 24 or 32 bits, 32- or 64-bit float, {@code WAVE_FORMAT_EXTENSIBLE}, µ-law and
 * A-law, any number of channels the JDK takes (up to 6) at any rate; AIFF and AU as well. The JDK parses the
 * header; the samples are converted to float here, exactly ({@code 2^(bits-1)} scaling, µ-law and A-law through
 * the JDK's exact 16-bit expansion); channels are mixed to mono by their mean.
 *
 * <p>Every failure names the file: a header the JDK cannot parse, an encoding it cannot convert (ADPCM, say), and
 * truncated data (the header declares more sample frames than the file holds), which the JDK would otherwise
 * return silently short.
 */
public final class WavReader {

    private WavReader() {
    }

    /**
     * Reads a file.
     *
     * @param file the file
     * @return its waveform, mono, at the file's rate
     * @throws IOException naming the file, if it cannot be read or decoded, or is truncated
     */
    public static Waveform read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            return decode(raw, file.toString());
        }
    }

    /**
     * Decodes a stream.
     *
     * @param in the encoded audio (mark/reset supported, e.g. buffered)
     * @param name what to call it in errors, e.g. the file
     * @return its waveform
     * @throws IOException naming {@code name}, if it cannot be decoded or is truncated
     */
    public static Waveform decode(InputStream in, String name) throws IOException {
        AudioInputStream encoded;
        try {
            encoded = AudioSystem.getAudioInputStream(in);
        } catch (UnsupportedAudioFileException | EOFException e) {
            throw new IOException(name + ": not an audio file the JDK can read (bad or missing WAV/AIFF/AU header"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        try (encoded) {
            AudioFormat source = encoded.getFormat();
            int channels = source.getChannels();
            float rate = source.getSampleRate();
            if (channels < 1 || !(rate > 0) || rate != Math.rint(rate)) {
                throw new IOException(name + ": unusable format " + source + " (channels " + channels + ", rate "
                        + rate + ")");
            }
            AudioFormat.Encoding encoding = source.getEncoding();
            AudioInputStream samples = encoded;
            if (!isLinear(encoding)) { // µ-law, A-law: the JDK expands them to 16-bit PCM exactly
                AudioFormat pcm = new AudioFormat(rate, 16, channels, true, false);
                try {
                    samples = AudioSystem.getAudioInputStream(pcm, encoded);
                } catch (IllegalArgumentException e) {
                    throw new IOException(name + ": unsupported encoding " + encoding + " ("
                            + source.getSampleSizeInBits() + " bits, " + channels + " channels): the JDK cannot "
                            + "decode it", e);
                }
            }
            AudioFormat format = samples.getFormat();
            int bytesPerSample = format.getFrameSize() / channels;
            if (bytesPerSample * channels != format.getFrameSize() || bytesPerSample < 1 || bytesPerSample > 8
                    || format.getSampleSizeInBits() != 8 * bytesPerSample) {
                throw new IOException(name + ": unsupported sample layout " + format);
            }
            byte[] bytes = samples.readAllBytes();
            long declared = encoded.getFrameLength();
            long frames = bytes.length / format.getFrameSize();
            if (declared != AudioSystem.NOT_SPECIFIED && frames < declared) {
                throw new IOException(name + ": truncated: its header declares " + declared + " sample frames, the "
                        + "file holds " + frames);
            }
            return new Waveform(mixToMono(bytes, format, channels, (int) frames), (int) rate);
        }
    }

    private static boolean isLinear(AudioFormat.Encoding encoding) {
        return encoding.equals(AudioFormat.Encoding.PCM_SIGNED) || encoding.equals(AudioFormat.Encoding.PCM_UNSIGNED)
                || encoding.equals(AudioFormat.Encoding.PCM_FLOAT);
    }

    /**
     * Decodes linear samples and averages the channels. Integers are scaled by {@code 2^(bits-1)} (16-bit -32768
     * is -1, 32767 is 32767/32768), as libsndfile and torchaudio do: the JDK's own float conversion divides
     * positive and negative values differently depending on the path it takes.
     */
    private static float[] mixToMono(byte[] bytes, AudioFormat format, int channels, int frames) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(format.isBigEndian() ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN);
        int width = format.getSampleSizeInBits() / 8;
        boolean floating = format.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT);
        boolean unsigned = format.getEncoding().equals(AudioFormat.Encoding.PCM_UNSIGNED);
        double scale = 1.0 / (1L << (8 * width - 1));
        float[] out = new float[frames];
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                double value;
                if (floating) {
                    value = width == 4 ? buffer.getFloat() : buffer.getDouble();
                } else {
                    long integer = 0;
                    for (int k = 0; k < width; k++) {
                        int b = buffer.get() & 0xFF;
                        integer |= format.isBigEndian() ? (long) b << (8 * (width - 1 - k)) : (long) b << (8 * k);
                    }
                    if (unsigned) {
                        integer -= 1L << (8 * width - 1);
                    } else {
                        integer = (integer << (64 - 8 * width)) >> (64 - 8 * width); // sign-extend
                    }
                    value = integer * scale;
                }
                sum += value;
            }
            out[f] = (float) (sum / channels);
        }
        return out;
    }
}
