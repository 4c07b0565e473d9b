package dev.selfsup.run;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * The encoder behind a representation, as fine-tuning needs it: new encoders of the recipe's architecture carrying
 * the representation's weights (the trained ones, or the initial ones of the random-encoder baseline), its head,
 * and the recipe's augmentations.
 *
 * @param architecture creates a new, uninitialised encoder of the recipe's architecture
 * @param weights the parameters every copy gets ({@link #weightsOf})
 * @param head the downstream head
 * @param augmentations the augmentations of the recipe's first view
 */
record RepresentationEncoder(Supplier<Encoder> architecture, byte[] weights, DownstreamHead head,
                             List<Augmentation> augmentations) {

    /**
     * Creates a copy on a manager.
     *
     * @param manager owns its parameters
     * @return an initialised encoder with the weights
     */
    Encoder copy(NDManager manager) {
        Encoder encoder = architecture.get();
        encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(1));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(weights))) {
            encoder.block().loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot copy the encoder's parameters", e);
        }
        return encoder;
    }

    /**
     * Returns a block's parameters as bytes.
     *
     * @param block an initialised block
     * @return its parameters
     */
    static byte[] weightsOf(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            block.saveParameters(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
