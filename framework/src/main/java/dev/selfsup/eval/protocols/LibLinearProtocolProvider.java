package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.LabelledFeatures;
import org.pf4j.Extension;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;

import java.util.Arrays;
import java.util.Locale;

/** {@code liblinear}: LIBLINEAR's linear models (logistic regression, linear SVMs) through Tribuo. */
@Extension
public final class LibLinearProtocolProvider extends TribuoProtocolProvider {

    /** Creates the provider. */
    public LibLinearProtocolProvider() {
        super("liblinear", "LIBLINEAR linear classifier on frozen features (Tribuo): L2/L1-regularised logistic "
                        + "regression or linear SVM",
                ScaledFeatureProtocol.withStandardize(SettingsSchema.builder()
                        .addChoice("solver", "l2r_lr", Arrays.stream(LinearClassificationType.LinearType.values())
                                .map(t -> t.name().toLowerCase(Locale.ROOT)).toList(), "LIBLINEAR solver type")
                        .addDouble("cost", 1.0, 1e-9, 1e9, "inverse regularisation strength C")
                        .addDouble("epsilon", 0.01, 1e-12, 1.0, "stopping tolerance")
                        .addInt("max_iterations", 1000, 1, 10_000_000, "solver iterations at most"), "auto")
                        .build());
    }

    @Override
    Trainer<Label> trainer(Settings settings, LabelledFeatures rows, long seed) {
        LinearClassificationType type = new LinearClassificationType(LinearClassificationType.LinearType.valueOf(
                settings.getString("solver").toUpperCase(Locale.ROOT)));
        return new LibLinearClassificationTrainer(type, settings.getDouble("cost"), settings.getInt("max_iterations"),
                settings.getDouble("epsilon"), seed);
    }
}
