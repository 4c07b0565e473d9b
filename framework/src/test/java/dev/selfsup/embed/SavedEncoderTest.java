package dev.selfsup.embed;

import dev.selfsup.api.ApiVersion;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.data.IntegrityException;
import dev.selfsup.plugin.ExtensionKind;
import dev.selfsup.plugin.RegisteredExtension;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A saved encoder is used only with the plugin, of the version, that saved it. */
class SavedEncoderTest {

    private static final EncoderProvider VIT = new EncoderProvider() {
        @Override
        public String name() {
            return "vit";
        }

        @Override
        public String description() {
            return "stub";
        }

        @Override
        public SettingsSchema schema() {
            return SettingsSchema.builder().build();
        }

        @Override
        public Encoder create(Settings settings) {
            throw new UnsupportedOperationException();
        }
    };

    private static Settings savedBy(String plugin, String version) {
        return SavedEncoder.origin(Settings.of(Map.of("encoder", Map.of("type", "vit"), SavedEncoder.PROVIDED_BY,
                Map.of("plugin", plugin, "version", version, "api", ApiVersion.current(), "djl", "0.36.0"))));
    }

    private static RegisteredExtension loaded(String plugin, String version) {
        return new RegisteredExtension(ExtensionKind.ENCODER, VIT, plugin, version, "plugins/" + plugin + ".jar");
    }

    @Test
    void theSamePluginAndVersionAreAccepted() {
        SavedEncoder.checkProvider(Path.of("run/encoder"), savedBy("vision", "0.2.0"), loaded("vision", "0.2.0"));
    }

    @Test
    void anotherVersionOrPluginIsRefusedNamingBoth() {
        IntegrityException e = assertThrows(IntegrityException.class, () -> SavedEncoder.checkProvider(
                Path.of("run/encoder"), savedBy("vision", "0.2.0"), loaded("vision", "0.3.1")));
        assertEquals("run/encoder was saved by plugin vision 0.2.0 (API " + ApiVersion.current() + "); the 'vit' "
                + "encoder now comes from plugin vision 0.3.1 (API " + ApiVersion.current() + "): install plugin "
                + "vision 0.2.0 to use it, or train it again", e.getMessage());
        assertThrows(IntegrityException.class, () -> SavedEncoder.checkProvider(Path.of("run/encoder"),
                savedBy("vision", "0.2.0"), loaded("other-vision", "0.2.0")));
    }

    @Test
    void classPathExtensionsAreNotVersionChecked() {
        SavedEncoder.checkProvider(Path.of("run/encoder"), savedBy("vision", "0.2.0"),
                loaded(RegisteredExtension.CLASS_PATH, ""));
        SavedEncoder.checkProvider(Path.of("run/encoder"), savedBy(RegisteredExtension.CLASS_PATH, ""),
                loaded("vision", "0.2.0"));
    }

    @Test
    void anEncoderSavedByApiZeroOneIsRefused() {
        IntegrityException e = assertThrows(IntegrityException.class, () -> SavedEncoder.checkProvider(
                Path.of("run/encoder"), SavedEncoder.origin(Settings.of(Map.of("encoder", Map.of("type", "vit")))),
                loaded("vision", "0.2.0")));
        assertEquals("run/encoder records no providing plugin (it was saved by selfsup API 0.1); its 'vit' encoder"
                + " now comes from plugin vision 0.2.0: train it again with this version", e.getMessage());
    }
}
