package dev.selfsup.eval.protocols;

import com.oracle.labs.mlrg.olcut.config.ConfigurationManager;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.data.ErrorText;
import org.pf4j.Extension;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code tribuo}: any Tribuo classification trainer described in an OLCUT configuration file (XML), for full
 * control of trainers and options the other protocols do not expose. A relative {@code file} is resolved against
 * the recipe's folder. The trainer keeps the seed its configuration gives.
 */
@Extension
public final class TribuoConfigProtocolProvider extends TribuoProtocolProvider {

    /** Creates the provider. */
    public TribuoConfigProtocolProvider() {
        super("tribuo", "any Tribuo classification trainer from an OLCUT configuration file",
                ScaledFeatureProtocol.withStandardize(SettingsSchema.builder()
                        .addString("file", null, "the OLCUT configuration file (XML), relative to the recipe")
                        .addString("trainer", "trainer", "the trainer's component name in that file"), "auto")
                        .build());
    }

    @Override
    @SuppressWarnings("unchecked")
    Trainer<Label> trainer(Settings settings, LabelledFeatures rows, long seed) {
        Path file = configFile(settings);
        String name = settings.getString("trainer");
        Object component;
        try {
            component = new ConfigurationManager(file.toString()).lookup(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read the Tribuo configuration " + file + " ("
                    + settings.location("file") + "): " + ErrorText.withCauses(e), e);
        }
        if (!(component instanceof Trainer<?> trainer)) {
            throw new IllegalArgumentException(file + " has no trainer component named '" + name + "'"
                    + (component == null ? "" : "; it is a " + component.getClass().getName()));
        }
        return (Trainer<Label>) trainer;
    }

    /**
     * Resolves the configuration file against the recipe's folder.
     *
     * @param settings the entry
     * @return the file
     * @throws IllegalArgumentException if it does not exist, naming the recipe line
     */
    static Path configFile(Settings settings) {
        Path file = Path.of(settings.getString("file"));
        String recipe = settings.location("file").file();
        if (!file.isAbsolute() && recipe != null && Files.isRegularFile(Path.of(recipe))) {
            Path parent = Path.of(recipe).toAbsolutePath().getParent();
            file = parent.resolve(file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("the Tribuo configuration " + file + " does not exist ("
                    + settings.location("file") + ", " + settings.fullKey("file") + ")");
        }
        return file;
    }
}
