package dev.selfsup.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** WAV files for tests. */
public final class TestWavs {

    private TestWavs() {
    }

    /**
     * Writes a 16-bit mono tone of a tenth of a second, creating the folders.
     *
     * @param file where
     * @param rate its sample rate
     * @param hertz its frequency
     * @throws IOException if it cannot be written
     */
    public static void tone(Path file, int rate, double hertz) throws IOException {
        int n = rate / 10;
        ByteBuffer bytes = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            bytes.putShort((short) Math.round(16000 * Math.sin(2 * Math.PI * hertz * i / rate)));
        }
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        Files.createDirectories(file.toAbsolutePath().getParent());
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(bytes.array()), format, n),
                AudioFileFormat.Type.WAVE, file.toFile());
    }
}
