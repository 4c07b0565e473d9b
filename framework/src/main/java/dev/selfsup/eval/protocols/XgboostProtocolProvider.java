package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.LabelledFeatures;
import org.pf4j.Extension;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;

/**
 * {@code xgboost}: gradient-boosted trees by XGBoost (its native library ships in its jar) through Tribuo. Trees
 * do not care about feature scale, so there is no {@code standardize}.
 */
@Extension
public final class XgboostProtocolProvider extends TribuoProtocolProvider {

    /** Creates the provider. */
    public XgboostProtocolProvider() {
        super("xgboost", "XGBoost gradient-boosted trees on frozen features (Tribuo)", SettingsSchema.builder()
                .addInt("trees", 50, 1, 100_000, "boosting rounds")
                .addDouble("eta", 0.3, 1e-6, 1.0, "learning rate (shrinkage)")
                .addInt("max_depth", 6, 1, 64, "depth of each tree")
                .addDouble("min_child_weight", 1.0, 0.0, 1e9, "minimum hessian weight in a leaf")
                .addDouble("subsample", 1.0, 1e-3, 1.0, "share of rows per tree")
                .addDouble("feature_subsample", 1.0, 1e-3, 1.0, "share of features per tree")
                .addDouble("lambda", 1.0, 0.0, 1e9, "L2 regularisation of leaf weights")
                .addDouble("alpha", 0.0, 0.0, 1e9, "L1 regularisation of leaf weights")
                .addInt("threads", 0, 0, 1024, "XGBoost threads; 0: every core")
                .build());
    }

    @Override
    Trainer<Label> trainer(Settings settings, LabelledFeatures rows, long seed) {
        int threads = settings.getInt("threads") > 0 ? settings.getInt("threads")
                : Runtime.getRuntime().availableProcessors();
        return new XGBoostClassificationTrainer(settings.getInt("trees"), settings.getDouble("eta"), 0.0,
                settings.getInt("max_depth"), settings.getDouble("min_child_weight"), settings.getDouble("subsample"),
                settings.getDouble("feature_subsample"), settings.getDouble("lambda"), settings.getDouble("alpha"),
                threads, true, seed);
    }
}
