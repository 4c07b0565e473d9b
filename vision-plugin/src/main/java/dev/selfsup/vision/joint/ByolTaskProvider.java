package dev.selfsup.vision.joint;

import dev.selfsup.api.PretextTask;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.TaskContext;
import dev.selfsup.nn.joint.JointEmbeddingTaskProvider;
import dev.selfsup.nn.joint.ProjectionHead;
import org.pf4j.Extension;

import java.util.List;

/** Provides the {@code byol} pretext task. */
@Extension
public final class ByolTaskProvider extends JointEmbeddingTaskProvider {

    private static final SettingsSchema TEACHER = SettingsSchema.builder()
            .addDouble("base_momentum", 0.99, 0.0, 1.0, "teacher momentum at the first step")
            .addDouble("final_momentum", 1.0, 0.0, 1.0, "teacher momentum at the last step (cosine in between)")
            .build();

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addSection("projector", ProjectionHead.schema(List.of(512L), 128), "projection MLP (student and teacher)")
            .addSection("predictor", ProjectionHead.schema(List.of(512L), 128),
                    "prediction MLP; its dim must equal the projector's")
            .addSection("teacher", TEACHER, "exponential-moving-average teacher")
            .build();

    @Override
    public String name() {
        return "byol";
    }

    @Override
    public String description() {
        return "BYOL (Grill et al. 2020): predict a moving-average teacher's projection of the other view";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public PretextTask create(TaskContext context) {
        Settings settings = context.settings();
        Settings predictor = settings.getSection("predictor");
        int projection = settings.getSection("projector").getInt("dim");
        if (predictor.getInt("dim") != projection) {
            throw new RecipeException(new RecipeProblem(predictor.location("dim"), predictor.path() + ".dim",
                    "the predictor's dim " + predictor.getInt("dim") + " must equal the projector's " + projection));
        }
        return new ByolTask(context);
    }
}
