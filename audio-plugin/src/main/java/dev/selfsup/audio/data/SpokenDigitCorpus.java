package dev.selfsup.audio.data;

import dev.selfsup.api.data.DataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The synthetic spoken-digit corpus of {@code ../shared/DATA.md}: the ten digit words spoken by espeak-ng in 7
 * English accents x 15 voice variants, each variant with its own speed (120-230 words a minute) and pitch (20-80)
 * drawn from the seed, and by flite's 4 voices at 3 duration stretches (0.8, 1.0, 1.25); each clip post-processed
 * by sox to 16 kHz mono 16-bit, leading and trailing silence trimmed, 50 ms of silence added each side, peak
 * normalised to -1 dBFS, no dither. 1,050 espeak and 120 flite clips.
 *
 * <p>Generation is deterministic for a seed and the tools' versions (recorded in the manifest and in provenance)
 * and idempotent: the corpus is written to a temporary folder and moved into place with its manifest last, so an
 * interrupted generation leaves nothing a later run would trust, and a complete one is reused. The tools are
 * installed with {@code apt-get} when missing and the process may (root); otherwise the error says what to install.
 */
final class SpokenDigitCorpus {

    static final List<String> WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine");
    static final List<String> ACCENTS = List.of("en-gb", "en-us", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd",
            "en-gb-scotland", "en-029");
    static final List<String> VARIANTS = List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "f1", "f2", "f3",
            "f4", "f5", "klatt", "klatt2");
    static final List<String> FLITE_VOICES = List.of("kal16", "awb", "rms", "slt");
    static final List<String> STRETCHES = List.of("0.8", "1.0", "1.25");
    static final List<String> PACKAGES = List.of("espeak-ng", "flite", "sox");
    private static final String MANIFEST = "corpus.properties";
    private static final int FORMAT = 1;

    private SpokenDigitCorpus() {
    }

    /**
     * Where a corpus lives under a data root.
     *
     * @param dataRoot the data root
     * @param seed the seed
     * @param variants espeak variants per accent
     * @return its folder
     */
    static Path folder(Path dataRoot, long seed, int variants) {
        return dataRoot.resolve("generated").resolve("spoken-digits-v" + FORMAT + "-seed" + seed + "-variants"
                + variants);
    }

    /**
     * Returns the corpus folder, generating the corpus first if it is not complete.
     *
     * @param dataRoot the data root
     * @param seed the seed of speeds and pitches
     * @param variants espeak variants per accent (1-15; the corpus of DATA.md has 15)
     * @param generateAllowed whether a missing corpus may be generated
     * @param log receives progress lines
     * @return the folder, with {@code espeak/<accent>/<variant>/<word>.wav} and
     *     {@code flite/<voice>/<stretch>/<word>.wav}
     */
    static Path ensure(Path dataRoot, long seed, int variants, boolean generateAllowed, Consumer<String> log) {
        if (variants < 1 || variants > VARIANTS.size()) {
            throw new IllegalArgumentException("variants per accent must be 1-" + VARIANTS.size() + ", got " + variants);
        }
        Path folder = folder(dataRoot, seed, variants);
        if (Files.isRegularFile(folder.resolve(MANIFEST))) {
            return folder;
        }
        if (!generateAllowed) {
            throw new DataException(folder + " holds no complete spoken-digit corpus, and generating it is not "
                    + "allowed here (data.fetch: false)");
        }
        Map<String, String> versions = ensureTools(log);
        Path partial = folder.resolveSibling(folder.getFileName() + ".partial");
        try {
            deleteTree(partial);
            Files.createDirectories(partial);
            long started = System.nanoTime();
            List<Clip> clips = plan(seed, variants);
            log.accept("spoken digits: generating " + clips.size() + " clips with espeak-ng, flite and sox into "
                    + folder);
            generate(clips, partial);
            Map<String, String> manifest = new LinkedHashMap<>();
            manifest.put("format", String.valueOf(FORMAT));
            manifest.put("seed", String.valueOf(seed));
            manifest.put("variants_per_accent", String.valueOf(variants));
            manifest.put("clips", String.valueOf(clips.size()));
            manifest.putAll(versions);
            StringBuilder text = new StringBuilder();
            manifest.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(partial.resolve(MANIFEST), text, StandardCharsets.UTF_8);
            deleteTree(folder);
            try {
                Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, folder);
            }
            log.accept(String.format(Locale.ROOT, "spoken digits: %d clips in %.1f s", clips.size(),
                    (System.nanoTime() - started) / 1e9));
            return folder;
        } catch (IOException e) {
            throw new DataException("cannot generate the spoken-digit corpus in " + partial + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a complete corpus's manifest.
     *
     * @param folder the corpus folder
     * @return its entries (seed, clips, tool versions)
     */
    static Map<String, String> manifest(Path folder) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(folder.resolve(MANIFEST), StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    out.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new DataException(folder.resolve(MANIFEST) + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** One clip to make: the synthesis command (writing {@code raw}) and where the result goes. */
    record Clip(String relativePath, List<String> synthesis) {
    }

    /**
     * Plans the clips: espeak accents x variants (each with a seeded speed and pitch) x words, then flite voices x
     * stretches x words.
     *
     * @param seed the seed
     * @param variants variants per accent
     * @return the clips, in a fixed order
     */
    static List<Clip> plan(long seed, int variants) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Clip> clips = new ArrayList<>();
        for (String accent : ACCENTS) {
            for (String variant : VARIANTS.subList(0, variants)) {
                String speed = String.valueOf(120 + random.nextInt(111));
                String pitch = String.valueOf(20 + random.nextInt(61));
                for (String word : WORDS) {
                    clips.add(new Clip("espeak/" + accent + "/" + variant + "/" + word + ".wav", List.of("espeak-ng",
                            "-v", accent + "+" + variant, "-s", speed, "-p", pitch, "-w", "RAW", word)));
                }
            }
        }
        for (String voice : FLITE_VOICES) {
            for (String stretch : STRETCHES) {
                for (String word : WORDS) {
                    clips.add(new Clip("flite/" + voice + "/" + stretch + "/" + word + ".wav", List.of("flite",
                            "-voice", voice, "--setf", "duration_stretch=" + stretch, "-t", word, "-o", "RAW")));
                }
            }
        }
        return clips;
    }

    private static void generate(List<Clip> clips, Path into) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Clip clip : clips) {
                done.add(pool.submit(() -> {
                    make(clip, into);
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void make(Clip clip, Path into) throws IOException, InterruptedException {
        Path target = into.resolve(clip.relativePath());
        Files.createDirectories(target.getParent());
        Path raw = target.resolveSibling(target.getFileName() + ".raw.wav");
        run(clip.synthesis().stream().map(a -> a.equals("RAW") ? raw.toString() : a).toList());
        run(List.of("sox", "-D", raw.toString(), "-r", "16000", "-c", "1", "-b", "16", target.toString(),
                "silence", "1", "0.02", "1%", "reverse", "silence", "1", "0.02", "1%", "reverse",
                "pad", "0.05", "0.05", "norm", "-1"));
        Files.delete(raw);
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, true);
    }

    private static String run(List<String> command, boolean checkExit) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no answer after 120 s");
        }
        String text = new String(output, StandardCharsets.UTF_8).strip();
        if (checkExit && process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + text);
        }
        return text;
    }

    /** Checks the tools, installing them with apt-get when missing and possible; returns their versions. */
    private static Map<String, String> ensureTools(Consumer<String> log) {
        if (!toolsPresent()) {
            List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
            install.addAll(PACKAGES);
            boolean root = "root".equals(System.getProperty("user.name"));
            if (!root || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
                throw new DataException("the spoken-digit corpus needs espeak-ng, flite and sox; install them "
                        + "with: sudo apt-get install " + String.join(" ", PACKAGES) + " (this process is not root "
                        + "or has no apt-get, so it cannot do it itself)");
            }
            log.accept("spoken digits: installing " + String.join(", ", PACKAGES) + " with apt-get");
            try {
                try {
                    run(install);
                } catch (IOException first) { // stale package lists: refresh once
                    run(List.of("apt-get", "update", "-q"));
                    run(install);
                }
            } catch (IOException e) {
                throw new DataException("could not install " + String.join(", ", PACKAGES) + " with apt-get: "
                        + e.getMessage() + "; install them by hand: sudo apt-get install "
                        + String.join(" ", PACKAGES), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataException("interrupted while installing " + PACKAGES, e);
            }
        }
        Map<String, String> versions = new LinkedHashMap<>();
        try {
            versions.put("espeak-ng", versionLine(run(List.of("espeak-ng", "--version"))));
            versions.put("flite", versionLine(run(List.of("flite", "--version"), false))); // exits 1 when asked
            versions.put("sox", versionLine(run(List.of("sox", "--version"))));
        } catch (IOException e) {
            throw new DataException("the corpus tools do not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted", e);
        }
        return versions;
    }

    private static boolean toolsPresent() {
        for (List<String> probe : List.of(List.of("espeak-ng", "--version"), List.of("flite", "-lv"),
                List.of("sox", "--version"))) {
            try {
                run(probe);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The first line that names a version (has a digit and the word version, or starts with the tool's name). */
    private static String versionLine(String text) {
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.stream().filter(l -> l.toLowerCase(Locale.ROOT).contains("version") || l.startsWith("sox:")
                || l.startsWith("eSpeak")).findFirst().orElse(lines.isEmpty() ? "unknown" : lines.get(0));
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var walk = Files.walk(folder)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
