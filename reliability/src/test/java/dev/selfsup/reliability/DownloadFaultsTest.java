package dev.selfsup.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.selfsup.api.data.DataException;
import dev.selfsup.api.data.PinnedPackage;
import dev.selfsup.api.data.Sha256;
import dev.selfsup.data.PackageFetcher;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Downloads that stall, break off or arrive altered, and archives that try to write outside their folder, served
 * by a local HTTP server: each fails naming the URL and the reason, leaves nothing a later run would trust, and the
 * next fetch from a good server succeeds. Nothing is ever written outside the cache.
 */
class DownloadFaultsTest {

    private static final Duration STALL = Duration.ofSeconds(1);

    @TempDir
    Path tmp;

    private HttpServer server;
    private volatile Map<String, Object> served = Map.of(); // path -> byte[] (good) or a Behaviour
    private final CountDownLatch release = new CountDownLatch(1);

    /** How the server misbehaves for a path. */
    private enum Behaviour { STALL_AFTER_HEADERS_AND_SOME_BYTES, CUT_HALFWAY }

    private byte[] good;

    @BeforeEach
    void start() throws IOException {
        good = tarGz(Map.of("package/package.json", "{\"name\":\"data\"}", "package/data/a.txt", "hello"), Map.of());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "test-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Object what = served.get(exchange.getRequestURI().getPath());
        try (exchange) {
            if (what == null) {
                exchange.sendResponseHeaders(404, -1);
            } else if (what instanceof byte[] bytes) {
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            } else if (what == Behaviour.STALL_AFTER_HEADERS_AND_SOME_BYTES) {
                exchange.sendResponseHeaders(200, good.length);
                OutputStream body = exchange.getResponseBody();
                body.write(good, 0, good.length / 2);
                body.flush();
                release.await(60, TimeUnit.SECONDS); // a server that stops sending without closing
            } else {
                exchange.sendResponseHeaders(200, good.length);
                exchange.getResponseBody().write(good, 0, good.length / 2);
                exchange.getResponseBody().flush();
                throw new IOException("connection dropped with the body half sent"); // the server closes it
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private PackageFetcher fetcher(Path cache) {
        return new PackageFetcher(cache, null, Map.of(PackageFetcher.NPM_REGISTRY_SETTING,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/npm/"), null, STALL);
    }

    private static String path(String name) {
        return "/npm/" + name + "/-/" + name + "-1.0.0.tgz";
    }

    @Test
    void aStalledOrCutDownloadFailsNamingItAndTheNextFetchStartsClean() throws Exception {
        for (Behaviour behaviour : Behaviour.values()) {
            Path cache = tmp.resolve("cache-" + behaviour);
            PinnedPackage pkg = PinnedPackage.npm("data", "1.0.0", sha256(good));
            served = Map.of(path("data"), behaviour);
            Ledger.fault("downloads");
            DataException error = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(DataException.class, () -> fetcher(cache).fetch(pkg)));
            assertTrue(error.getMessage().contains(path("data")), error.getMessage());
            if (behaviour == Behaviour.STALL_AFTER_HEADERS_AND_SOME_BYTES) {
                assertTrue(error.getMessage().contains("the download stalled: no data for 1 s after "),
                        error.getMessage());
            }
            assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt must not leak");
            assertEquals(List.of(), trusted(cache), "nothing a later run would trust");
            served = Map.of(path("data"), good);
            Path unpacked = fetcher(cache).fetch(pkg);
            assertEquals("hello", Files.readString(unpacked.resolve("package/data/a.txt")));
            Ledger.resumed("downloads");
            Ledger.dataLost("downloads", 0);
        }
    }

    @Test
    void anAlteredDownloadIsRefusedAndDeleted() throws IOException {
        Path cache = tmp.resolve("cache");
        byte[] altered = good.clone();
        altered[altered.length / 2] ^= 1;
        served = Map.of(path("data"), altered);
        Ledger.fault("downloads");
        DataException error = assertThrows(DataException.class,
                () -> fetcher(cache).fetch(PinnedPackage.npm("data", "1.0.0", sha256(good))));
        assertTrue(error.getMessage().contains("checksum mismatch"), error.getMessage());
        assertEquals(List.of(), trusted(cache));
    }

    @Test
    void archivesCannotWriteOutsideTheirFolderNorCreateLinks() throws Exception {
        Path outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        Map<String, Map<String, String>> links = Map.of(
                "symlink-to-system-file", Map.of("package/passwd", "S/etc/passwd"),
                "symlink-out-then-write-through", Map.of("package/out", "S../../../outside"),
                "hardlink-outside", Map.of("package/hard", "H../../../outside/x"),
                "symlink-to-a-package-file", Map.of("package/alias.txt", "Sdata/a.txt"));
        Map<String, Map<String, String>> escaping = Map.of(
                "dot-dot-entry", Map.of("package/../../../outside/pwned.txt", "x"),
                "absolute-entry", Map.of("/" + outside.resolve("abs.txt").toString().substring(1), "x"));
        for (var hostile : escaping.entrySet()) {
            Ledger.badInput("archives");
            byte[] tar = tarGz(hostile.getValue(), Map.of());
            String name = hostile.getKey();
            served = Map.of(path(name), tar);
            DataException error = assertThrows(DataException.class,
                    () -> fetcher(tmp.resolve("cache")).fetch(PinnedPackage.npm(name, "1.0.0", sha256(tar))), name);
            assertTrue(error.getMessage().contains("would be written outside"), error.getMessage());
        }
        for (var hostile : links.entrySet()) {
            Ledger.badInput("archives");
            Map<String, String> files = new java.util.LinkedHashMap<>(Map.of("package/data/a.txt", "hello"));
            if (hostile.getKey().equals("symlink-out-then-write-through")) {
                files.put("package/out/pwned.txt", "x"); // written after the link entry: must land inside
            }
            byte[] tar = tarGz(files, hostile.getValue());
            String name = hostile.getKey();
            served = Map.of(path(name), tar);
            Path unpacked = fetcher(tmp.resolve("cache")).fetch(PinnedPackage.npm(name, "1.0.0", sha256(tar)));
            try (Stream<Path> all = Files.walk(unpacked)) {
                assertTrue(all.noneMatch(Files::isSymbolicLink), name + ": no link is ever created");
            }
            if (name.equals("symlink-to-a-package-file")) {
                assertEquals("hello", Files.readString(unpacked.resolve("package/alias.txt")), "an inside link is a copy");
            } else {
                assertFalse(Files.exists(unpacked.resolve("package/passwd"), LinkOption.NOFOLLOW_LINKS), name);
            }
        }
        try (Stream<Path> written = Files.list(outside)) {
            assertEquals(List.of(), written.toList(), "nothing was written outside the cache");
        }
    }

    /** Files of the cache that a later fetch would use without downloading: completed downloads and packages. */
    private static List<Path> trusted(Path cache) throws IOException {
        if (!Files.exists(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".part")
                    && !f.toString().endsWith(".lock")).toList();
        }
    }

    private static String sha256(byte[] bytes) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }

    /** A gzipped tar of files (name to text) and links (name to "S" or "H" and the link target). */
    private static byte[] tarGz(Map<String, String> files, Map<String, String> links) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var link : links.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(link.getKey(), link.getValue().startsWith("S")
                        ? TarArchiveEntry.LF_SYMLINK : TarArchiveEntry.LF_LINK);
                entry.setLinkName(link.getValue().substring(1));
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            for (var file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
