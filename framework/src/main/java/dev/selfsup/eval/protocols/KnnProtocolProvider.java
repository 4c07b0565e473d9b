package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.LabelledFeatures;
import org.pf4j.Extension;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.math.distance.CosineDistance;
import org.tribuo.math.distance.Distance;
import org.tribuo.math.distance.L1Distance;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;

import java.util.List;
import java.util.Map;

/**
 * {@code knn}: k nearest neighbours with majority vote (Tribuo), by cosine distance unless asked otherwise. Queries
 * run one per thread on every core, each scanning all training rows (brute force: Tribuo's fastest backend as
 * measured here). A subset with fewer labelled rows per class than {@code k} uses that many neighbours instead
 * (more would let the other classes outvote every class), and the report says so.
 */
@Extension
public final class KnnProtocolProvider extends TribuoProtocolProvider {

    /** Creates the provider. */
    public KnnProtocolProvider() {
        super("knn", "k nearest neighbours on frozen features (Tribuo): cosine, l2 or l1 distance",
                TribuoProtocol.withStandardize(SettingsSchema.builder()
                        .addInt("k", 20, 1, 10_000, "neighbours that vote")
                        .addChoice("distance", "cosine", List.of("cosine", "l2", "l1"), "distance between vectors"),
                        "auto").build());
    }

    @Override
    Trainer<Label> trainer(Settings settings, LabelledFeatures rows, long seed) {
        Distance distance = switch (settings.getString("distance")) {
            case "l2" -> new L2Distance();
            case "l1" -> new L1Distance();
            default -> new CosineDistance();
        };
        return new KNNTrainer<>(neighbours(settings, rows), distance, Runtime.getRuntime().availableProcessors(),
                new VotingCombiner(), KNNModel.Backend.THREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE);
    }

    @Override
    Map<String, String> notes(Settings settings, LabelledFeatures rows) {
        int k = neighbours(settings, rows);
        return k < settings.getInt("k") ? Map.of("k", k + " (the subset has " + rows.rows() + " labelled rows, "
                + "fewer than k=" + settings.getInt("k") + " per class)") : Map.of();
    }

    /** k, at most the labelled rows per class (at least 1); more would exceed small sets (Tribuo fails). */
    private static int neighbours(Settings settings, LabelledFeatures rows) {
        int perClass = Math.max(1, rows.rows() / rows.classNames().size());
        return Math.min(settings.getInt("k"), perClass);
    }

    @Override
    boolean standardizeWithoutValidation() {
        // standardising cost kNN 3.6 points on raw MNIST pixels (6,000 labels, k=20, L2): it inflates rarely
        // used pixels to the weight of informative ones
        return false;
    }
}
