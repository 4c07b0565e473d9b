package dev.selfsup.eval.protocols;

import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.eval.LabelledFeatures;
import org.pf4j.Extension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code logistic}: the linear probe. Multinomial logistic regression with an L2 penalty on the weights, fit to
 * convergence ({@link SoftmaxRegression}, L-BFGS on the engine); the penalty and the feature scaling are chosen
 * on the validation split from {@code l2} and {@code standardize}. This is the linear evaluation of the
 * self-supervised literature (a converged, regularised linear classifier), and its figures move little from one
 * label subset to the next. Tribuo's SGD logistic regression, which this protocol was before 2026-12-06, is
 * {@code linear_sgd} with its defaults.
 */
@Extension
public final class LogisticProtocolProvider implements EvaluationProtocolProvider {

    /** The penalties tried by default, strongest first (ties keep the stronger). */
    static final List<Double> DEFAULT_L2 = List.of(1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6);
    private static final double WITHOUT_VALIDATION = 1e-4;

    private static final SettingsSchema SCHEMA = ScaledFeatureProtocol.withStandardize(SettingsSchema.builder()
            .addDoubleList("l2", DEFAULT_L2, 0.0, 1e6, "penalties on the weights (mean loss + l2/2 |W|^2) to "
                    + "choose from on the validation split; one value fixes it; without validation rows "
                    + WITHOUT_VALIDATION + " if it is listed, else the middle value")
            .addInt("max_iterations", 1000, 1, 1_000_000, "L-BFGS iterations at most per fit")
            .addDouble("tolerance", 1e-4, 1e-12, 1.0, "stop when no gradient entry is larger"), "auto").build();

    @Override
    public String name() {
        return "logistic";
    }

    @Override
    public String description() {
        return "multinomial logistic regression on frozen features, L2 penalty chosen on validation, fit to "
                + "convergence (L-BFGS)";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public EvaluationProtocol create(Settings settings) {
        List<Double> penalties = settings.getDoubleList("l2");
        if (penalties.isEmpty()) {
            throw new IllegalArgumentException(settings.fullKey("l2") + " lists no penalty");
        }
        double withoutValidation = penalties.contains(WITHOUT_VALIDATION) ? WITHOUT_VALIDATION
                : penalties.get(penalties.size() / 2);
        Lbfgs optimiser = new Lbfgs(settings.getInt("max_iterations"), settings.getDouble("tolerance"));
        return new ScaledFeatureProtocol(settings, "logistic regression") {
            @Override
            Optional<Tuning> tuning() {
                return Optional.of(new Tuning("l2", penalties, withoutValidation));
            }

            @Override
            Model fit(LabelledFeatures rows, long seed, String representation, double tuned, Model warmStart) {
                return SoftmaxRegression.fit(rows, tuned, optimiser,
                        warmStart instanceof SoftmaxRegression previous ? previous.parameters() : null);
            }

            @Override
            Model read(Path saveAs) throws IOException {
                return SoftmaxRegression.read(saveAs);
            }
        };
    }
}
