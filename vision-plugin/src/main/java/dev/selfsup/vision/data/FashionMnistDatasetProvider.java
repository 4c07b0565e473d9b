package dev.selfsup.vision.data;

import dev.selfsup.api.DataStore;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.util.List;

/** The {@code fashion_mnist} data set: 60,000 + 10,000 clothing images, from Debian's {@code dataset-fashion-mnist}. */
@Extension
public final class FashionMnistDatasetProvider extends IdxDatasetProvider {

    /**
     * Creates the provider.
     *
     * @param store the framework's data store (injected)
     */
    @Inject
    public FashionMnistDatasetProvider(DataStore store) {
        super(store);
    }

    @Override
    public String name() {
        return MnistFiles.FASHION_MNIST;
    }

    @Override
    public String description() {
        return "Fashion-MNIST clothing, 28x28 grey, 60k train / 10k test (Debian dataset-fashion-mnist)";
    }

    @Override
    List<String> classNames() {
        return List.of("t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag",
                "ankle-boot");
    }
}
