package dev.selfsup.vision.joint;

import dev.selfsup.api.PretextTask;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.TaskContext;
import dev.selfsup.nn.joint.JointEmbeddingTaskProvider;
import dev.selfsup.nn.joint.ProjectionHead;
import org.pf4j.Extension;

import java.util.List;

/** Provides the {@code simclr} pretext task. */
@Extension
public final class SimClrTaskProvider extends JointEmbeddingTaskProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addDouble("temperature", 0.2, 0.01, 10.0, "softmax temperature of NT-Xent")
            .addSection("projector", ProjectionHead.schema(List.of(512L), 128), "projection MLP")
            .build();

    @Override
    public String name() {
        return "simclr";
    }

    @Override
    public String description() {
        return "SimCLR (Chen et al. 2020): contrast two views against the rest of the batch (NT-Xent)";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public PretextTask create(TaskContext context) {
        return new SimClrTask(context);
    }
}
