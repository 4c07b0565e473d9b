package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.LabelledFeatures;
import org.pf4j.Extension;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.libsvm.LibSVMClassificationTrainer;
import org.tribuo.classification.libsvm.SVMClassificationType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;

import java.util.List;
import java.util.Locale;

/**
 * {@code libsvm}: a kernel SVM (C-SVC) by LIBSVM through Tribuo. Training grows quadratically with the labelled
 * rows: meant for the small label fractions.
 */
@Extension
public final class LibSvmProtocolProvider extends TribuoProtocolProvider {

    /** Creates the provider. */
    public LibSvmProtocolProvider() {
        super("libsvm", "LIBSVM kernel SVM (C-SVC) on frozen features (Tribuo); for small label fractions",
                ScaledFeatureProtocol.withStandardize(SettingsSchema.builder()
                        .addChoice("kernel", "rbf", List.of("rbf", "linear", "poly", "sigmoid"), "kernel")
                        .addDouble("cost", 1.0, 1e-9, 1e9, "penalty C")
                        .addDouble("gamma", 0.0, 0.0, 1e9, "kernel coefficient; 0: 1 / feature width")
                        .addInt("degree", 3, 1, 20, "polynomial kernel degree"), "auto").build());
    }

    @Override
    Trainer<Label> trainer(Settings settings, LabelledFeatures rows, long seed) {
        SVMParameters<Label> parameters = new SVMParameters<>(
                new SVMClassificationType(SVMClassificationType.SVMMode.C_SVC),
                KernelType.valueOf(settings.getString("kernel").toUpperCase(Locale.ROOT)));
        parameters.setCost(settings.getDouble("cost"));
        double gamma = settings.getDouble("gamma");
        parameters.setGamma(gamma > 0 ? gamma : 1.0 / rows.width());
        parameters.setDegree(settings.getInt("degree"));
        parameters.setProbability();
        return new LibSVMClassificationTrainer(parameters, seed);
    }
}
