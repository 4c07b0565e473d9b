package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.LabelledFeatures;
import org.pf4j.Extension;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.LabelObjective;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.Hinge;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.math.optimisers.Adam;
import org.tribuo.math.optimisers.SGD;

import java.util.List;

/** {@code linear_sgd}: a linear classifier trained by Tribuo's SGD, with the loss and optimiser chosen. */
@Extension
public final class LinearSgdProtocolProvider extends TribuoProtocolProvider {

    /** Creates the provider. */
    public LinearSgdProtocolProvider() {
        super("linear_sgd", "linear classifier by SGD on frozen features (Tribuo): log or hinge loss",
                ScaledFeatureProtocol.withStandardize(SettingsSchema.builder()
                        .addChoice("loss", "log", List.of("log", "hinge"), "log: logistic regression; hinge: "
                                + "a linear SVM")
                        .addChoice("optimiser", "adagrad", List.of("adagrad", "adam", "sgd"), "gradient optimiser")
                        .addDouble("lr", 1.0, 1e-8, 100.0, "learning rate (adam: 0.001 is typical)")
                        .addInt("epochs", 5, 1, 10_000, "passes over the labelled rows")
                        .addInt("minibatch", 1, 1, 1_000_000, "rows per update"), "auto").build());
    }

    @Override
    Trainer<Label> trainer(Settings settings, LabelledFeatures rows, long seed) {
        LabelObjective loss = "hinge".equals(settings.getString("loss")) ? new Hinge() : new LogMulticlass();
        double lr = settings.getDouble("lr");
        StochasticGradientOptimiser optimiser = switch (settings.getString("optimiser")) {
            case "adam" -> new Adam(lr, 0.9, 0.999, 1e-8);
            case "sgd" -> SGD.getSimpleSGD(lr);
            default -> new AdaGrad(lr, 0.1);
        };
        return new LinearSGDTrainer(loss, optimiser, settings.getInt("epochs"), -1, settings.getInt("minibatch"),
                seed);
    }
}
