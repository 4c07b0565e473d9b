package dev.selfsup.vision.data;

import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DataStore;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.data.DataException;
import dev.selfsup.api.data.Sha256;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the MNIST-family data sets: the pinned package is fetched through the framework's
 * {@link DataStore} unless {@code path} names a folder holding the four IDX files.
 */
abstract class IdxDatasetProvider implements DatasetProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addString("path", "", "folder with the four IDX files (plain or .gz) to use instead of the pinned package")
            .addInt("train_limit", 0, 0, Integer.MAX_VALUE, "use only the first N training images (0: all)")
            .addInt("test_limit", 0, 0, Integer.MAX_VALUE, "use only the first N test images (0: all)")
            .addInt("image", 0, 0, 1024, "resize the 28x28 images to this side (bilinear); 0: keep 28")
            .addInt("channels", 1, 1, 3, "1 (grey) or 3 (the grey repeated as RGB, for an encoder of colour images)")
            .addBoolean("invert", false, "dark on light instead of the data set's light on dark (as drawings are)")
            .build();

    private final DataStore store;

    IdxDatasetProvider(DataStore store) {
        this.store = store;
    }

    /**
     * Returns the class names, index = label.
     *
     * @return ten names
     */
    abstract List<String> classNames();

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public DataDescription describe(Settings settings) {
        return new DataDescription(List.of(Sample.IMAGE), classNames());
    }

    @Override
    public DatasetSplits open(Settings settings, RunContext context) {
        String folder = settings.getString("path");
        MnistFiles files = folder.isEmpty()
                ? MnistFiles.locate(name(), store.require(context.dataRoot(), MnistFiles.pinnedPackage(name()),
                        context.fetchAllowed()))
                : inFolder(Path.of(folder));
        LabelledImages train = files.readTrain();
        LabelledImages test = files.readTest();
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset", name());
        if (folder.isEmpty()) {
            provenance.put("package", MnistFiles.pinnedPackage(name()).id());
            provenance.put("package_sha256", MnistFiles.pinnedPackage(name()).sha256());
        }
        for (Path p : List.of(files.trainImages(), files.trainLabels(), files.testImages(), files.testLabels())) {
            provenance.put(p.getFileName().toString(), Sha256.of(p));
        }
        IdxImageSource.Look look = IdxImageSource.Look.from(settings);
        return new DatasetSplits(new IdxImageSource(train, settings.getInt("train_limit"), classNames(), look),
                new IdxImageSource(test, settings.getInt("test_limit"), classNames(), look), provenance);
    }

    private static MnistFiles inFolder(Path folder) {
        return new MnistFiles(find(folder, "train-images-idx3-ubyte"), find(folder, "train-labels-idx1-ubyte"),
                find(folder, "t10k-images-idx3-ubyte"), find(folder, "t10k-labels-idx1-ubyte"));
    }

    private static Path find(Path folder, String name) {
        for (String candidate : List.of(name, name + ".gz")) {
            Path p = folder.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataException("data.path " + folder + " has no " + name + " (or " + name + ".gz)");
    }
}
