package dev.selfsup.reliability;

import dev.selfsup.SelfSup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Corrupt data files of every modality, each placed among good files and read by a run through the plugin jars:
 * truncated, zero-length, malformed headers, declared sizes far beyond the file, a device or a pipe in place of a
 * file. Each must end in an error whose message names the file, within seconds: no hang, no out-of-memory, no
 * bare programming exception. A control run on the good files alone succeeds, so each failure is the file's.
 */
class CorruptDataTest {

    @TempDir
    static Path work;

    private static SelfSup selfsup;

    @BeforeAll
    static void open() throws IOException {
        Path plugins = work.resolve("plugins");
        Installation.copyPluginsTo(plugins);
        selfsup = Installation.framework(plugins).build();
    }

    @AfterAll
    static void close() {
        if (selfsup != null) {
            selfsup.close();
        }
    }

    /**
     * One corruption: a name, what it writes at the path of the file it corrupts, and whether the run may skip
     * the file instead of failing (then the run's provenance must count it).
     */
    private record Corruption(String name, Writer writer, String countedAs) {
        Corruption(String name, Writer writer) {
            this(name, writer, null);
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(Path file) throws Exception;
    }

    private static Corruption bytes(String name, byte[] content) {
        return new Corruption(name, file -> Files.write(file, content));
    }

    private static Corruption link(String name, String target) {
        return new Corruption(name, file -> Files.createSymbolicLink(file, Path.of(target)));
    }

    private static Corruption fifo() {
        return new Corruption("a named pipe nobody writes to", file -> {
            Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
            assertTrue(mkfifo.waitFor() == 0, "mkfifo");
        });
    }

    @TestFactory
    List<DynamicTest> idxFiles() throws Exception {
        byte[] images = idxImages(64);
        List<Corruption> cases = new ArrayList<>(common(images, true));
        cases.add(bytes("a wrong magic number", with(images, 0, 0x0000FFFF)));
        cases.add(bytes("a count of 2^31-1 images", with(images, 4, Integer.MAX_VALUE)));
        cases.add(bytes("a negative count", with(images, 4, Integer.MIN_VALUE)));
        cases.add(bytes("65535 x 65535 pixels declared", with(with(images, 8, 0xFFFF), 12, 0xFFFF)));
        cases.add(bytes("fewer images than labels", idxImages(40)));
        return modality("idx", cases, (Path dir) -> {
            Files.createDirectories(dir);
            Files.write(dir.resolve("train-images-idx3-ubyte"), images);
            Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(64));
            Files.write(dir.resolve("t10k-images-idx3-ubyte"), idxImages(20));
            Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idxLabels(20));
            return dir.resolve("train-images-idx3-ubyte");
        }, dir -> "{dataset: mnist, path: " + dir + ", fetch: false}", VISION);
    }

    @TestFactory
    List<DynamicTest> imageFiles() throws Exception {
        byte[] png = png();
        List<Corruption> cases = new ArrayList<>(common(png, true));
        cases.add(bytes("the header followed by random bytes", spliced(png, 33, random(png.length, 12))));
        cases.add(bytes("a PNG declaring 200000 x 200000 pixels", hugePng()));
        cases.add(bytes("text in a .png file", "not an image at all\n".getBytes(StandardCharsets.UTF_8)));
        return modality("images", cases, dir -> {
            for (String label : List.of("a", "b")) {
                Files.createDirectories(dir.resolve(label));
                for (int i = 0; i < 8; i++) {
                    Files.write(dir.resolve(label).resolve(i + ".png"), png);
                }
            }
            return dir.resolve("a").resolve("3.png");
        }, dir -> "{dataset: image_folder, path: " + dir + ", image: 28, channels: 1}", VISION);
    }

    @TestFactory
    List<DynamicTest> wavFiles() throws Exception {
        byte[] wav = wav(16000, 1, 16, 8000);
        List<Corruption> cases = new ArrayList<>(common(wav, true));
        cases.add(bytes("no fmt chunk", Arrays.copyOfRange(wav, 0, 12)));
        cases.add(bytes("an MP3 format tag", withShort(wav, 20, 0x55)));
        cases.add(bytes("12 bits per sample", withShort(wav, 34, 12)));
        cases.add(bytes("zero channels", withShort(wav, 22, 0)));
        cases.add(bytes("a sample rate of 0", withLittle(wav, 24, 0)));
        cases.add(bytes("a data chunk declaring 2 GB", withLittle(wav, 40, 0x7FFFFFF0)));
        cases.add(bytes("an odd byte count of 16-bit data", Arrays.copyOf(wav, wav.length - 1)));
        return modality("wav", cases, dir -> {
            Files.createDirectories(dir);
            for (int i = 0; i < 8; i++) {
                Files.write(dir.resolve("clip" + i + ".wav"), wav(16000, 1, 16, 8000 + 97 * i));
            }
            return dir.resolve("clip3.wav");
        }, dir -> "{dataset: audio_files, path: " + dir + "}", AUDIO);
    }

    @TestFactory
    List<DynamicTest> textFiles() throws Exception {
        byte[] text = "The quick brown fox jumps over the lazy dog. ".repeat(20).getBytes(StandardCharsets.UTF_8);
        List<Corruption> cases = new ArrayList<>(common(text, false)); // any prefix of text is text
        byte[] invalid = text.clone();
        invalid[100] = (byte) 0xC3;
        invalid[101] = (byte) 0x28;
        cases.add(bytes("invalid UTF-8", invalid));
        cases.add(bytes("UTF-16 text", "Hello there, general reader".getBytes(StandardCharsets.UTF_16)));
        return modality("text", cases, dir -> {
            Files.createDirectories(dir);
            for (int i = 0; i < 12; i++) {
                Files.write(dir.resolve("doc" + i + ".txt"), ("Document " + i + ". ").getBytes(StandardCharsets.UTF_8));
                Files.write(dir.resolve("doc" + i + ".txt"), text, java.nio.file.StandardOpenOption.APPEND);
            }
            return dir.resolve("doc3.txt");
        }, dir -> "{dataset: text_files, path: " + dir + "}", TEXT);
    }

    @org.junit.jupiter.api.Test
    void aFileRewrittenWhileTheRunReadsItGivesTheDataOfOneMomentOrAnErrorNamingIt() throws Exception {
        Path dir = work.resolve("changing");
        Files.createDirectories(dir);
        byte[] full = idxImages(64);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(64));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), idxImages(20));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), idxLabels(20));
        Path victim = dir.resolve("train-images-idx3-ubyte");
        Files.write(victim, full);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> { // truncates it, then writes it back, over and over
            while (!stop.get()) {
                try (var channel = java.nio.channels.FileChannel.open(victim, java.nio.file.StandardOpenOption.WRITE)) {
                    channel.truncate(1000);
                    channel.write(ByteBuffer.wrap(full, 1000, full.length - 1000), 1000);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        writer.start();
        int failed = 0;
        try {
            for (int round = 0; round < 6; round++) {
                Ledger.badInput("files changing while read");
                try {
                    run("changing-" + round, "{dataset: mnist, path: " + dir + ", fetch: false}", VISION);
                } catch (RuntimeException e) {
                    failed++;
                    assertFalse(Failures.isProgrammingError(e), e.toString());
                    assertTrue(Failures.chain(e).contains(victim.getFileName().toString()), Failures.chain(e));
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        System.out.println("a file rewritten while read: " + failed + " of 6 runs stopped with an error naming it");
    }

    /**
     * Corruptions every file format gets; truncation only where a shorter file is not simply a shorter valid one.
     * A zero-length text file is an empty document: left out and counted, not an error.
     */
    private static List<Corruption> common(byte[] good, boolean truncationDetectable) {
        List<Corruption> out = new ArrayList<>();
        out.add(truncationDetectable ? bytes("zero-length", new byte[0])
                : new Corruption("zero-length", file -> Files.write(file, new byte[0]), "blank_documents_left_out"));
        if (truncationDetectable) {
            out.add(bytes("truncated to 7 bytes", Arrays.copyOf(good, 7)));
            out.add(bytes("truncated to half", Arrays.copyOf(good, good.length / 2)));
        }
        out.add(bytes("random bytes", random(good.length, 11)));
        out.add(link("a link to /dev/zero", "/dev/zero"));
        out.add(link("a link to a folder", "/"));
        out.add(link("a dangling link", "/no/such/file"));
        out.add(fifo());
        return out;
    }

    private static final String VISION = """
            encoder: {type: vit, image: 28, patch: 7, dim: 16, depth: 1, heads: 2}
            pretext: {task: mae, mask_ratio: 0.75, decoder: {dim: 16, depth: 1, heads: 2}}
            """;
    private static final String AUDIO = """
            encoder: {type: waveform_transformer, max_seconds: 0.6}
            pretext: {task: wav2vec, code_dim: 16, final_dim: 16, distractors: 4}
            """;
    private static final String TEXT = """
            encoder: {type: text_transformer, vocabulary_size: 120, max_length: 32, dim: 16, depth: 1, heads: 2}
            pretext: {task: mlm}
            """;

    /** A control run on good files, then one run per corruption of the file the layout names. */
    private List<DynamicTest> modality(String name, List<Corruption> cases, Layout layout,
                                       Function<Path, String> dataSection, String model) throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest(name + ": good files train", () -> {
            Path dir = work.resolve(name + "-good");
            layout.write(dir);
            run(name + "-good", dataSection.apply(dir), model);
        }));
        int index = 0;
        for (Corruption corruption : cases) {
            String id = name + "-" + index++;
            tests.add(DynamicTest.dynamicTest(name + ": " + corruption.name(), () -> {
                Path dir = work.resolve(id);
                Path victim = layout.write(dir);
                Files.delete(victim);
                corruption.writer().write(victim);
                Ledger.badInput(name + " files");
                Throwable error = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                    try {
                        run(id, dataSection.apply(dir), model);
                        return null;
                    } catch (Throwable e) {
                        return e;
                    }
                }, corruption.name() + ": reading hung");
                if (corruption.countedAs() != null) {
                    if (error != null) {
                        throw error;
                    }
                    String provenance = Files.readString(runFolder(id).resolve("provenance.json"));
                    assertTrue(provenance.contains("\"" + corruption.countedAs() + "\" : \"1\""),
                            "skipped but not counted: " + provenance);
                    return;
                }
                if (error == null) {
                    fail(corruption.name() + ": the run went on as if " + victim + " were fine");
                }
                assertFalse(Failures.isProgrammingError(error), corruption.name() + ": " + error);
                String messages = Failures.chain(error);
                assertTrue(messages.contains(victim.getFileName().toString()),
                        corruption.name() + ": the error does not name the file " + victim + ": " + messages);
            }));
        }
        return tests;
    }

    @FunctionalInterface
    private interface Layout {
        /** Writes good files into {@code dir} and returns the one a corruption replaces. */
        Path write(Path dir) throws Exception;
    }

    private static void run(String name, String data, String model) {
        String yaml = "name: " + name + "\nseed: 1\ndevice: cpu\nthreads: 1\noutput: " + work.resolve("runs")
                + "\ndata: " + data + "\n" + model
                + "train: {max_steps: 2, batch_size: 4, log_every: 1}\nevaluate: {enabled: false}\n";
        selfsup.run(selfsup.validateText(yaml, List.of()));
    }

    private static Path runFolder(String name) throws IOException {
        try (var folders = Files.list(work.resolve("runs").resolve(name))) {
            return folders.findFirst().orElseThrow();
        }
    }

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] spliced(byte[] head, int keep, byte[] rest) {
        byte[] out = rest.clone();
        System.arraycopy(head, 0, out, 0, Math.min(keep, head.length));
        return out;
    }

    private static byte[] with(byte[] bytes, int offset, int bigEndian) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).putInt(offset, bigEndian);
        return out;
    }

    private static byte[] withLittle(byte[] bytes, int offset, int value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return out;
    }

    private static byte[] withShort(byte[] bytes, int offset, int value) {
        byte[] out = bytes.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        return out;
    }

    private static byte[] idxImages(int count) {
        return IdxBytes.images(count, new java.util.Random(count));
    }

    private static byte[] idxLabels(int count) {
        return IdxBytes.labels(count);
    }

    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.getRaster().setSample(x, y, 0, (x * y) % 256);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A PNG signature and an IHDR chunk (valid CRC) declaring 200000 x 200000 RGBA pixels, then nothing. */
    private static byte[] hugePng() {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(200_000).putInt(200_000)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).putInt(13).put(ihdr.array())
                .putInt((int) crc.getValue());
        return png.array();
    }

    private static byte[] wav(int rate, int channels, int bits, int frames) {
        int dataBytes = frames * channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) channels).putInt(rate).putInt(rate * channels * bits / 8)
                .putShort((short) (channels * bits / 8)).putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return b.array();
    }
}
