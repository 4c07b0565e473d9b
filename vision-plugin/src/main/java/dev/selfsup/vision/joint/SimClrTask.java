package dev.selfsup.vision.joint;

import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.StepInfo;
import dev.selfsup.api.TaskContext;
import dev.selfsup.nn.joint.JointEmbeddingLosses;
import dev.selfsup.nn.joint.JointEmbeddingTask;
import dev.selfsup.nn.joint.ProjectionHead;

import java.util.Map;

/**
 * SimCLR (Chen et al. 2020): a projector on the encoder's pooled features and the NT-Xent loss over both views of
 * the whole batch, every other embedding of the batch a negative.
 */
final class SimClrTask extends JointEmbeddingTask {

    private final double temperature;

    SimClrTask(TaskContext context) {
        super(context, Heads.builder()
                .setProjector(() -> ProjectionHead.fromSettings(context.settings().getSection("projector")))
                .build());
        this.temperature = context.settings().getDouble("temperature");
    }

    @Override
    protected PretextLoss methodLoss(Embeddings embeddings, StepInfo step) {
        JointEmbeddingLosses.NtXent loss = JointEmbeddingLosses.ntXent(embeddings.projection(0),
                embeddings.projection(1), temperature);
        return new PretextLoss(loss.loss(), Map.of("contrastive_accuracy", loss.accuracy()));
    }
}
