package dev.selfsup.vision.joint;

import dev.selfsup.api.PretextTask;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.TaskContext;
import dev.selfsup.nn.joint.JointEmbeddingTaskProvider;
import dev.selfsup.nn.joint.ProjectionHead;
import org.pf4j.Extension;

import java.util.List;

/** Provides the {@code vicreg} pretext task. */
@Extension
public final class VicRegTaskProvider extends JointEmbeddingTaskProvider {

    private static final SettingsSchema WEIGHTS = SettingsSchema.builder()
            .addDouble("invariance", 25.0, 0.0, 1e6, "lambda, weight of the invariance term")
            .addDouble("variance", 25.0, 0.0, 1e6, "mu, weight of the variance term")
            .addDouble("covariance", 1.0, 0.0, 1e6, "nu, weight of the covariance term")
            .build();

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addSection("expander", ProjectionHead.schema(List.of(512L, 512L), 512), "expander MLP")
            .addSection("weights", WEIGHTS, "the loss terms' weights")
            .build();

    @Override
    public String name() {
        return "vicreg";
    }

    @Override
    public String description() {
        return "VICReg (Bardes et al. 2022): variance-invariance-covariance regularisation of two views";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public PretextTask create(TaskContext context) {
        return new VicRegTask(context);
    }
}
