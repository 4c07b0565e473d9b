package dev.selfsup.plugin;

import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;

/** Minimal extensions for registry and validator tests. */
final class StubExtensions {

    private StubExtensions() {
    }

    static RegisteredExtension dataset(String name, String origin) {
        DatasetProvider provider = new DatasetProvider() {
            @Override
            public String name() {
                return name;
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
            public DataDescription describe(Settings settings) {
                return new DataDescription(java.util.List.of("x"), java.util.List.of());
            }

            @Override
            public DatasetSplits open(Settings settings, RunContext context) {
                throw new UnsupportedOperationException();
            }
        };
        return new RegisteredExtension(ExtensionKind.DATASET, provider, "p", "1.0", origin);
    }
}
