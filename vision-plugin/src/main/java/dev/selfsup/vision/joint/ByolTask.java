package dev.selfsup.vision.joint;

import ai.djl.ndarray.NDArray;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.Settings;
import dev.selfsup.api.StepInfo;
import dev.selfsup.api.TaskContext;
import dev.selfsup.nn.joint.JointEmbeddingLosses;
import dev.selfsup.nn.joint.JointEmbeddingTask;
import dev.selfsup.nn.joint.MomentumSchedule;
import dev.selfsup.nn.joint.ProjectionHead;

import java.util.Map;

/**
 * BYOL (Grill et al. 2020): the online network (encoder, projector, predictor) regresses the projection that an
 * exponential-moving-average teacher makes of the other view, symmetrised over the two views; no negatives.
 */
final class ByolTask extends JointEmbeddingTask {

    ByolTask(TaskContext context) {
        super(context, heads(context.settings()));
    }

    private static Heads heads(Settings settings) {
        Settings teacher = settings.getSection("teacher");
        return Heads.builder()
                .setProjector(() -> ProjectionHead.fromSettings(settings.getSection("projector")))
                .optPredictor(ProjectionHead.fromSettings(settings.getSection("predictor")))
                .optEmaTeacher(MomentumSchedule.cosine(teacher.getDouble("base_momentum"),
                        teacher.getDouble("final_momentum")))
                .build();
    }

    @Override
    protected PretextLoss methodLoss(Embeddings e, StepInfo step) {
        NDArray loss = JointEmbeddingLosses.normalisedRegression(e.prediction(0), e.teacherProjection(1))
                .add(JointEmbeddingLosses.normalisedRegression(e.prediction(1), e.teacherProjection(0)));
        return new PretextLoss(loss, Map.of());
    }
}
