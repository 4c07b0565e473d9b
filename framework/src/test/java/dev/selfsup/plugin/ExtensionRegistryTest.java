package dev.selfsup.plugin;

import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.EncoderProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtensionRegistryTest {

    @Test
    void looksUpByKindAndName() {
        ExtensionRegistry registry = new ExtensionRegistry(List.of(
                StubExtensions.dataset("mnist", "a.jar"), StubExtensions.dataset("cifar", "b.jar")));
        assertEquals("mnist", registry.get(DatasetProvider.class, "mnist").name());
        assertEquals(List.of("cifar", "mnist"), registry.names(ExtensionKind.DATASET));
        assertTrue(registry.names(ExtensionKind.ENCODER).isEmpty());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        ExtensionRegistry registry = new ExtensionRegistry(List.of(
                StubExtensions.dataset("mnist", "a.jar"), StubExtensions.dataset("fashion_mnist", "a.jar")));
        UnknownExtensionException e = assertThrows(UnknownExtensionException.class,
                () -> registry.get(DatasetProvider.class, "imagenet"));
        assertEquals("unknown dataset 'imagenet'; known: fashion_mnist, mnist", e.getMessage());
        UnknownExtensionException none = assertThrows(UnknownExtensionException.class,
                () -> registry.get(EncoderProvider.class, "vit"));
        assertTrue(none.getMessage().contains("plugins folder"), none.getMessage());
    }

    @Test
    void twoExtensionsClaimingOneNameIsAnErrorNamingBothJars() {
        DuplicateExtensionException e = assertThrows(DuplicateExtensionException.class,
                () -> new ExtensionRegistry(List.of(StubExtensions.dataset("mnist", "plugins/first.jar"),
                        StubExtensions.dataset("mnist", "plugins/second.jar"))));
        assertTrue(e.getMessage().contains("'mnist'"), e.getMessage());
        assertTrue(e.getMessage().contains("plugins/first.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("plugins/second.jar"), e.getMessage());
    }
}
