package dev.selfsup.audio.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.nn.Parameter;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Frame arithmetic and padding: a clip's features do not depend on the batch it is padded into. */
class WaveformTransformerTest {

    private static final List<Integer> KERNELS = List.of(10, 3, 3, 3, 3, 2, 2);
    private static final List<Integer> STRIDES = List.of(5, 2, 2, 2, 2, 2, 2);

    private static WaveformTransformer block() {
        return new WaveformTransformer(KERNELS, STRIDES, 16, 32, 2, 2, 2.0, 8, 4);
    }

    @Test
    void framesFollowThePapersConvolutions() {
        WaveformTransformer block = block();
        assertEquals(49, block.frames(16000), "20 ms hop, 25 ms receptive field: 49 frames in a second");
        assertEquals(1, block.frames(400));
        assertEquals(0, block.frames(399));
        assertEquals(2, block.frames(720));
        assertThrows(IllegalArgumentException.class, () -> new WaveformTransformer(KERNELS, List.of(5), 16, 32, 2,
                2, 2.0, 8, 4));
        assertThrows(IllegalArgumentException.class, () -> new WaveformTransformer(KERNELS, STRIDES, 16, 30, 2,
                2, 2.0, 8, 4));
    }

    @Test
    void paddingDoesNotChangeTheValidFrames() {
        Random random = new Random(5);
        float[] shortClip = new float[8000];
        float[] longClip = new float[16000];
        for (int i = 0; i < longClip.length; i++) {
            longClip[i] = (float) (0.3 * random.nextGaussian());
            if (i < shortClip.length) {
                shortClip[i] = (float) Math.sin(i * 0.05);
            }
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            WaveformTransformer block = block();
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(manager, DataType.FLOAT32, new Shape(2, 16000), new Shape(2, 16000));
            ParameterStore ps = new ParameterStore(manager, false);
            float[] padded = new float[2 * 16000];
            float[] mask = new float[2 * 16000];
            System.arraycopy(shortClip, 0, padded, 0, 8000);
            for (int i = 8000; i < 16000; i++) {
                padded[i] = 0.7f; // junk where the short clip has no samples: it must not matter
            }
            java.util.Arrays.fill(mask, 0, 8000, 1f);
            System.arraycopy(longClip, 0, padded, 16000, 16000);
            java.util.Arrays.fill(mask, 16000, 32000, 1f);
            NDList batch = block.forward(ps, new NDList(manager.create(padded, new Shape(2, 16000)),
                    manager.create(mask, new Shape(2, 16000))), false);
            assertEquals(new Shape(2, 49, 32), batch.get(0).getShape());
            NDArray frameMask = batch.get(1);
            assertEquals(24f, frameMask.get(0).sum().getFloat(), "frames(8000) = 24");
            assertEquals(49f, frameMask.get(1).sum().getFloat());

            NDList alone = block.forward(ps, new NDList(manager.create(shortClip, new Shape(1, 8000)),
                    manager.create(new float[8000], new Shape(1, 8000)).add(1f)), false);
            assertEquals(new Shape(1, 24, 32), alone.get(0).getShape());
            float[] expected = alone.get(0).toFloatArray();
            float[] actual = batch.get(0).get("0, 0:24, :").toFloatArray();
            assertArrayEquals(expected, actual, 2e-4f);
        }
    }
}
