package com.example.rotation;

import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.TaskContext;
import org.pf4j.Extension;

/**
 * {@code pretext: {task: rotation}}: predict by how many quarter turns an image was rotated (Gidaris et al.,
 * "Unsupervised Representation Learning by Predicting Image Rotations", ICLR 2018). Works with any image
 * encoder whose images are square.
 */
@Extension
public final class RotationTaskProvider implements PretextTaskProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("hidden", 0, 0, 8192, "width of a hidden layer before the 4-way classifier; 0 for none")
            .build();

    @Override
    public String name() {
        return "rotation";
    }

    @Override
    public String description() {
        return "rotation prediction (Gidaris et al. 2018): which of 0/90/180/270 degrees was applied";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public String unsupportedReason(TaskContext context) {
        Encoder encoder = context.encoder();
        if (!Sample.IMAGE.equals(encoder.modality())) {
            return "rotation needs an image encoder, not a " + encoder.modality() + " one";
        }
        long[] shape = encoder.inputShapes(1)[0].getShape(); // (1, C, H, W)
        return shape.length == 4 && shape[2] == shape[3] ? "" : "rotation needs square images, the encoder takes "
                + encoder.inputShapes(1)[0];
    }

    @Override
    public PretextTask create(TaskContext context) {
        return new RotationTask(context.encoderName(), context.encoder(), context.settings().getInt("hidden"));
    }
}
