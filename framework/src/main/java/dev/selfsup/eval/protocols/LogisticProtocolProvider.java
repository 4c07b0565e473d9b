package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.LabelledFeatures;
import org.pf4j.Extension;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * {@code logistic}: multinomial logistic regression with the settings of Tribuo's
 * {@code LogisticRegressionTrainer} (AdaGrad, learning rate 1.0, epsilon 0.1, minibatch 1), minus its loss logging
 * every 1,000 examples, which floods the console at 60,000 rows.
 */
@Extension
public final class LogisticProtocolProvider extends TribuoProtocolProvider {

    /** Creates the provider. */
    public LogisticProtocolProvider() {
        super("logistic", "multinomial logistic regression on frozen features (Tribuo, AdaGrad SGD)",
                ScaledFeatureProtocol.withStandardize(SettingsSchema.builder()
                        .addInt("epochs", 5, 1, 10_000, "passes over the labelled rows"), "auto").build());
    }

    @Override
    Trainer<Label> trainer(Settings settings, LabelledFeatures rows, long seed) {
        return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(1.0, 0.1), settings.getInt("epochs"), -1, 1,
                seed);
    }
}
