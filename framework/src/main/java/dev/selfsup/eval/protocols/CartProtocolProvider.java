package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.LabelledFeatures;
import org.pf4j.Extension;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.Entropy;
import org.tribuo.classification.dtree.impurity.GiniIndex;

import java.util.List;

/** {@code cart}: one CART decision tree (Tribuo). Scale-invariant, so there is no {@code standardize}. */
@Extension
public final class CartProtocolProvider extends TribuoProtocolProvider {

    /** Creates the provider. */
    public CartProtocolProvider() {
        super("cart", "CART decision tree on frozen features (Tribuo)", SettingsSchema.builder()
                .addInt("max_depth", 12, 1, 1000, "depth of the tree at most")
                .addDouble("min_child_weight", 5.0, 0.0, 1e9, "examples a leaf needs at least")
                .addDouble("min_impurity_decrease", 0.0, 0.0, 1.0, "impurity a split must remove at least")
                .addDouble("feature_fraction", 1.0, 1e-3, 1.0, "share of features tried at each split")
                .addChoice("impurity", "gini", List.of("gini", "entropy"), "split criterion")
                .build());
    }

    @Override
    Trainer<Label> trainer(Settings settings, LabelledFeatures rows, long seed) {
        return new CARTClassificationTrainer(settings.getInt("max_depth"), (float) settings.getDouble(
                "min_child_weight"), (float) settings.getDouble("min_impurity_decrease"),
                (float) settings.getDouble("feature_fraction"), false,
                "entropy".equals(settings.getString("impurity")) ? new Entropy() : new GiniIndex(), seed);
    }
}
