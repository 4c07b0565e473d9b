package dev.selfsup.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;

import java.util.List;
import java.util.Map;

/** A test encoder of float-vector samples: one linear layer, one token per sample. */
final class VectorEncoder implements Encoder {

    private final String field;
    private final int inputs;
    private final Block block;

    VectorEncoder(String field, int inputs, int width) {
        this.field = field;
        this.inputs = inputs;
        this.block = new SequentialBlock().add(Linear.builder().setUnits(width).build())
                .add(x -> new NDList(x.singletonOrThrow().expandDims(1)));
    }

    @Override
    public String modality() {
        return field;
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        return new Shape[] {new Shape(batchSize, inputs)};
    }

    @Override
    public int embeddingDim() {
        return 0;
    }

    @Override
    public NDList collate(List<Sample> samples, NDManager manager) {
        float[] values = new float[samples.size() * inputs];
        for (int i = 0; i < samples.size(); i++) {
            System.arraycopy(samples.get(i).get(field, float[].class), 0, values, i * inputs, inputs);
        }
        NDArray array = manager.create(values, new Shape(samples.size(), inputs));
        return new NDList(array);
    }

    @Override
    public float[] rawFeatures(Sample sample) {
        return sample.get(field, float[].class);
    }

    @Override
    public Settings settings() {
        return Settings.of(Map.of());
    }
}
