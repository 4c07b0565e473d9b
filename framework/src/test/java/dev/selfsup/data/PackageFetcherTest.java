package dev.selfsup.data;

import dev.selfsup.api.data.PinnedPackage;
import dev.selfsup.api.data.DataException;
import dev.selfsup.api.data.Sha256;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageFetcherTest {

    private static final String NPM_PATH = "/npm/test-data/-/test-data-1.0.0.tgz";
    private static final String DEB_POOL = "pool/main/t/test-data/test-data_1.0-1_all.deb";

    @TempDir
    Path tmp;

    private TestServer server;
    private Path cache;
    private byte[] tarball;

    @BeforeEach
    void start() throws IOException {
        server = new TestServer();
        cache = tmp.resolve("cache");
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("package/", "");
        entries.put("package/package.json", "{\"name\":\"test-data\"}");
        entries.put("package/data/a.txt", "hello");
        tarball = TestArchives.tarGz(entries);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private PackageFetcher fetcher() {
        return fetcher(null);
    }

    private PackageFetcher fetcher(PackageFetcher.ProgressListener listener) {
        return new PackageFetcher(cache, null, Map.of(
                PackageFetcher.NPM_REGISTRY_SETTING, server.baseUrl() + "/npm/",
                PackageFetcher.DEBIAN_MIRROR_SETTING, server.baseUrl() + "/debian"), listener);
    }

    private static String sha256(byte[] bytes) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return Sha256.hex(digest);
    }

    private PinnedPackage npmPackage(byte[] servedBytes) {
        server.serve(NPM_PATH, servedBytes);
        return PinnedPackage.npm("test-data", "1.0.0", sha256(tarball));
    }

    private List<String> packagesDirEntries() throws IOException {
        try (Stream<Path> list = Files.list(cache.resolve("packages"))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void fetchesAndUnpacksNpmTarball() throws IOException {
        List<long[]> progress = new ArrayList<>();
        Path root = fetcher((url, done, total) -> progress.add(new long[] {done, total}))
                .fetch(npmPackage(tarball));

        assertEquals("hello", Files.readString(root.resolve("package/data/a.txt")));
        assertTrue(Files.isRegularFile(root.resolve(PackageFetcher.MARKER)));
        assertEquals(1, server.hits(NPM_PATH));
        assertFalse(progress.isEmpty());
        long[] last = progress.get(progress.size() - 1);
        assertEquals(tarball.length, last[0]);
        assertEquals(tarball.length, last[1]);
        assertEquals(List.of("npm-test-data-1.0.0", "npm-test-data-1.0.0.lock"), packagesDirEntries());
    }

    @Test
    void secondFetchUsesCacheWithoutNetwork() throws IOException {
        PinnedPackage pkg = npmPackage(tarball);
        Path first = fetcher().fetch(pkg);
        Path second = fetcher().fetch(pkg);

        assertEquals(first, second);
        assertEquals(1, server.hits(NPM_PATH));
    }

    @Test
    void aCachedFileChangedAfterUnpackingIsDetectedAndTheFileRestored() throws IOException {
        PinnedPackage pkg = npmPackage(tarball);
        Path root = fetcher().fetch(pkg);
        Path file = root.resolve("package/data/a.txt");
        Files.writeString(file, "overwritten in the cache");

        PackageFetcher fetcher = fetcher();
        assertTrue(fetcher.installedProblem(pkg).contains("package/data/a.txt does not match its sha256 recorded "
                + "when it was unpacked"), fetcher.installedProblem(pkg));
        assertEquals(root, fetcher.fetch(pkg));
        assertEquals("hello", Files.readString(file), "unpacked again from the pinned archive");
        assertEquals(2, server.hits(NPM_PATH));
        assertEquals("", fetcher().installedProblem(pkg));
    }

    @Test
    void aDamagedCacheIsRefusedWhenFetchingIsNotAllowed() throws IOException {
        PinnedPackage pkg = npmPackage(tarball);
        Path root = fetcher().fetch(pkg);
        Files.delete(root.resolve("package/data/a.txt"));

        DataException e = assertThrows(DataException.class,
                () -> new PackageDataStore().require(cache, pkg, false));
        assertTrue(e.getMessage().contains("is damaged in " + cache + " (package/data/a.txt missing)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("set data.fetch: true"), e.getMessage());
    }

    @Test
    void concurrentFetchesDownloadOnce() throws Exception {
        PinnedPackage pkg = npmPackage(tarball);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> fetcher().fetch(pkg)));
            }
            for (Future<Path> result : results) {
                assertEquals("hello", Files.readString(result.get().resolve("package/data/a.txt")));
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, server.hits(NPM_PATH));
    }

    @Test
    void fetchesDebianPackageWithXzData() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("./", "");
        entries.put("./usr/share/datasets/test/", "");
        entries.put("./usr/share/datasets/test/f.txt", "deb content");
        byte[] deb = TestArchives.deb("data.tar.xz", TestArchives.tarXz(entries));
        server.serve("/debian/" + DEB_POOL, deb);

        Path root = fetcher().fetch(PinnedPackage.debian("test-data", "1.0-1", DEB_POOL, sha256(deb)));

        assertEquals("deb content", Files.readString(root.resolve("usr/share/datasets/test/f.txt")));
    }

    @Test
    void linksInADebianPackageBecomeCopiesOfTheirTargetInsideThePackageAndNothingElse() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("./usr/share/pictures/a.png", "picture");
        entries.put("./usr/share/pictures/other/a.png", "-> ../a.png");
        entries.put("./usr/share/pictures/hard.png", "=> ./usr/share/pictures/a.png");
        entries.put("./usr/share/pictures/escape.png", "-> /etc/passwd");
        entries.put("./usr/share/pictures/up.png", "-> ../../../../outside.png");
        entries.put("./usr/share/pictures/chain.png", "-> other/a.png");
        entries.put("./usr/share/pictures/nothing.png", "-> missing.png");
        byte[] deb = TestArchives.deb("data.tar.xz", TestArchives.tarXz(entries));
        server.serve("/debian/" + DEB_POOL, deb);

        Path root = fetcher().fetch(PinnedPackage.debian("test-data", "1.0-1", DEB_POOL, sha256(deb)));

        Path pictures = root.resolve("usr/share/pictures");
        for (String copy : List.of("a.png", "other/a.png", "hard.png", "chain.png")) {
            assertTrue(Files.isRegularFile(pictures.resolve(copy), LinkOption.NOFOLLOW_LINKS), copy);
            assertEquals("picture", Files.readString(pictures.resolve(copy)));
        }
        for (String link : List.of("escape.png", "up.png", "nothing.png")) {
            assertFalse(Files.exists(pictures.resolve(link), LinkOption.NOFOLLOW_LINKS), link);
        }
    }

    @Test
    void fetchesDebianPackageWithGzipData() throws IOException {
        byte[] deb = TestArchives.deb("data.tar.gz", TestArchives.tarGz(Map.of("./usr/f.txt", "gz content")));
        server.serve("/debian/" + DEB_POOL, deb);

        Path root = fetcher().fetch(PinnedPackage.debian("test-data", "1.0-1", DEB_POOL, sha256(deb)));

        assertEquals("gz content", Files.readString(root.resolve("usr/f.txt")));
    }

    @Test
    void unsupportedDebCompressionIsNamed() throws IOException {
        byte[] deb = TestArchives.deb("data.tar.zst", new byte[] {1, 2, 3});
        server.serve("/debian/" + DEB_POOL, deb);
        PinnedPackage pkg = PinnedPackage.debian("test-data", "1.0-1", DEB_POOL, sha256(deb));

        DataException e = assertThrows(DataException.class, () -> fetcher().fetch(pkg));

        assertTrue(e.getMessage().contains("data.tar.zst"), e.getMessage());
        assertTrue(e.getMessage().contains(".deb"), e.getMessage());
        assertEquals(List.of("deb-test-data-1.0-1.lock"), packagesDirEntries());
    }

    @Test
    void checksumMismatchNamesUrlAndHashesAndLeavesNothing() throws IOException {
        byte[] tampered = TestArchives.tarGz(Map.of("package/data/a.txt", "tampered"));
        PinnedPackage pkg = npmPackage(tampered);

        DataException e = assertThrows(DataException.class, () -> fetcher().fetch(pkg));

        assertTrue(e.getMessage().contains(server.baseUrl() + NPM_PATH), e.getMessage());
        assertTrue(e.getMessage().contains(sha256(tarball)), e.getMessage());
        assertTrue(e.getMessage().contains(sha256(tampered)), e.getMessage());
        assertEquals(List.of("npm-test-data-1.0.0.lock"), packagesDirEntries());
    }

    @Test
    void httpErrorNamesUrlAndManualRemedy() {
        PinnedPackage pkg = PinnedPackage.npm("test-data", "1.0.0", sha256(tarball));

        DataException e = assertThrows(DataException.class, () -> fetcher().fetch(pkg));

        assertTrue(e.getMessage().contains(server.baseUrl() + NPM_PATH), e.getMessage());
        assertTrue(e.getMessage().contains("404"), e.getMessage());
        assertTrue(e.getMessage().contains(cache.resolve("downloads").resolve("test-data-1.0.0.tgz").toString()),
                e.getMessage());
    }

    @Test
    void unreachableServerNamesUrlAndManualRemedy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PackageFetcher fetcher = new PackageFetcher(cache, null,
                Map.of(PackageFetcher.NPM_REGISTRY_SETTING, "http://127.0.0.1:" + closedPort), null);
        PinnedPackage pkg = PinnedPackage.npm("test-data", "1.0.0", sha256(tarball));

        DataException e = assertThrows(DataException.class, () -> fetcher.fetch(pkg));

        assertTrue(e.getMessage().contains("http://127.0.0.1:" + closedPort + "/test-data/-/test-data-1.0.0.tgz"),
                e.getMessage());
        assertTrue(e.getMessage().contains("place it at"), e.getMessage());
    }

    @Test
    void entryEscapingTargetIsRefused() throws IOException {
        byte[] evil = TestArchives.tarGz(Map.of("package/../../evil.txt", "gotcha"));
        server.serve(NPM_PATH, evil);
        PinnedPackage pkg = PinnedPackage.npm("test-data", "1.0.0", sha256(evil));

        DataException e = assertThrows(DataException.class, () -> fetcher().fetch(pkg));

        assertTrue(e.getMessage().contains("package/../../evil.txt"), e.getMessage());
        try (Stream<Path> all = Files.walk(tmp)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().equals("evil.txt")));
        }
        assertEquals(List.of("npm-test-data-1.0.0.lock"), packagesDirEntries());
    }

    @Test
    void userSuppliedArchiveIsUsedWithoutNetwork() throws IOException {
        PinnedPackage pkg = PinnedPackage.npm("test-data", "1.0.0", sha256(tarball));
        Path supplied = cache.resolve("downloads").resolve(pkg.fileName());
        Files.createDirectories(supplied.getParent());
        Files.write(supplied, tarball);

        Path root = fetcher().fetch(pkg);

        assertEquals("hello", Files.readString(root.resolve("package/data/a.txt")));
        assertEquals(0, server.hits(NPM_PATH));
        assertTrue(Files.exists(supplied), "the user's file is kept");
    }

    @Test
    void wrongUserSuppliedArchiveIsNamed() throws IOException {
        PinnedPackage pkg = PinnedPackage.npm("test-data", "1.0.0", sha256(tarball));
        Path supplied = cache.resolve("downloads").resolve(pkg.fileName());
        Files.createDirectories(supplied.getParent());
        Files.writeString(supplied, "not it");

        DataException e = assertThrows(DataException.class, () -> fetcher().fetch(pkg));

        assertTrue(e.getMessage().contains(supplied.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(pkg.sha256()), e.getMessage());
    }

    @Test
    void leftoversOfACrashedFetchAreReplaced() throws IOException {
        PinnedPackage pkg = npmPackage(tarball);
        Path packages = cache.resolve("packages");
        Files.createDirectories(packages.resolve(pkg.id()).resolve("package"));
        Files.createDirectories(packages.resolve(pkg.id() + ".tmp-123"));
        Files.writeString(packages.resolve(pkg.id() + ".tmp-456.part"), "partial");

        Path root = fetcher().fetch(pkg);

        assertEquals("hello", Files.readString(root.resolve("package/data/a.txt")));
        assertEquals(List.of("npm-test-data-1.0.0", "npm-test-data-1.0.0.lock"), packagesDirEntries());
    }
}
