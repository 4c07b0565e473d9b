package dev.selfsup.vision.joint;

import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.Settings;
import dev.selfsup.api.StepInfo;
import dev.selfsup.api.TaskContext;
import dev.selfsup.nn.joint.JointEmbeddingLosses;
import dev.selfsup.nn.joint.JointEmbeddingTask;
import dev.selfsup.nn.joint.ProjectionHead;

import java.util.Map;

/**
 * VICReg (Bardes et al. 2022): an expander on the encoder's features, and a loss that keeps the two views'
 * embeddings close (invariance), each dimension's spread above 1 (variance) and the dimensions uncorrelated
 * (covariance); no negatives, no teacher.
 */
final class VicRegTask extends JointEmbeddingTask {

    private final double invariance;
    private final double variance;
    private final double covariance;

    VicRegTask(TaskContext context) {
        super(context, Heads.builder()
                .setProjector(() -> ProjectionHead.fromSettings(context.settings().getSection("expander")))
                .build());
        Settings weights = context.settings().getSection("weights");
        this.invariance = weights.getDouble("invariance");
        this.variance = weights.getDouble("variance");
        this.covariance = weights.getDouble("covariance");
    }

    @Override
    protected PretextLoss methodLoss(Embeddings e, StepInfo step) {
        JointEmbeddingLosses.VicReg loss = JointEmbeddingLosses.vicReg(e.projection(0), e.projection(1), invariance,
                variance, covariance);
        return new PretextLoss(loss.loss(), Map.of("invariance", loss.invariance(), "variance", loss.variance(),
                "covariance", loss.covariance()));
    }
}
