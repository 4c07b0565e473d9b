package dev.selfsup.vision;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.StepInfo;
import dev.selfsup.api.TaskContext;
import dev.selfsup.vision.mae.MaeTaskProvider;
import org.pf4j.Extension;

import java.util.Map;
import java.util.Random;

/**
 * A test task: MAE, exporting its pixel-prediction layer beside the encoder (as an alignment task exports its
 * projection heads), to exercise {@link PretextTask#exports()} end to end.
 */
@Extension
public final class ExportingMaeProvider implements PretextTaskProvider {

    private final MaeTaskProvider mae = new MaeTaskProvider();

    @Override
    public String name() {
        return "mae_exporting";
    }

    @Override
    public String description() {
        return "test: mae that exports its prediction layer";
    }

    @Override
    public SettingsSchema schema() {
        return mae.schema();
    }

    @Override
    public String unsupportedReason(TaskContext context) {
        return mae.unsupportedReason(context);
    }

    @Override
    public PretextTask create(TaskContext context) {
        PretextTask inner = mae.create(context);
        return new PretextTask() {
            @Override
            public Block model() {
                return inner.model();
            }

            @Override
            public Shape[] inputShapes(int batchSize) {
                return inner.inputShapes(batchSize);
            }

            @Override
            public NDList collate(Batch batch, NDManager manager) {
                return inner.collate(batch, manager);
            }

            @Override
            public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
                return inner.forward(parameters, inputs, step, random);
            }

            @Override
            public PretextLoss loss(NDList outputs, StepInfo step) {
                return inner.loss(outputs, step);
            }

            @Override
            public Map<String, Encoder> encoders() {
                return inner.encoders();
            }

            @Override
            public Map<String, Block> exports() {
                // DJL prefixes child names with their position: "07prediction"
                return Map.of("prediction", inner.model().getChildren().stream()
                        .filter(child -> child.getKey().endsWith("prediction")).findFirst().orElseThrow().getValue());
            }
        };
    }
}
