package dev.selfsup.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves every parameter of a block (trainable or not, encoder and task heads alike) and restores them
 * <em>in place</em>: the restored arrays are the same native tensors, so optimizer references, gradient
 * flags and devices stay as they were, and the values are bit-exact. Parameters are matched by their
 * path in the block and checked for shape.
 */
public final class ParameterSnapshot {

    private static final String MAGIC = "selfsup-parameters-v1";

    private ParameterSnapshot() {
    }

    /**
     * Writes all parameters of a block.
     *
     * @param block an initialised block
     * @param out the stream
     * @throws IOException on write failure
     */
    public static void save(Block block, DataOutputStream out) throws IOException {
        List<Pair<String, Parameter>> parameters = new ArrayList<>();
        block.getParameters().forEach(parameters::add);
        out.writeUTF(MAGIC);
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> p : parameters) {
            out.writeUTF(p.getKey());
            writeArray(out, p.getValue().getArray());
        }
    }

    /**
     * Overwrites the values of all parameters of a block with saved ones.
     *
     * @param block an initialised block of the same architecture
     * @param in the stream
     * @throws IOException on read failure, or if the saved parameters do not match the block's
     */
    public static void restore(Block block, DataInputStream in) throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException("not a selfsup parameter snapshot");
        }
        List<Pair<String, Parameter>> parameters = new ArrayList<>();
        block.getParameters().forEach(parameters::add);
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("snapshot has " + count + " parameters, the model has " + parameters.size());
        }
        for (Pair<String, Parameter> p : parameters) {
            String name = in.readUTF();
            if (!name.equals(p.getKey())) {
                throw new IOException("snapshot parameter " + name + " found where the model has " + p.getKey());
            }
            readArrayInto(in, p.getValue().getArray(), name);
        }
    }

    /**
     * Writes a float32 array: shape, then little-endian values.
     *
     * @param out the stream
     * @param array the array
     * @throws IOException on write failure
     */
    static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IOException("only float32 arrays are saved, got " + array.getDataType());
        }
        long[] shape = array.getShape().getShape();
        out.writeInt(shape.length);
        for (long d : shape) {
            out.writeLong(d);
        }
        float[] values = array.toFloatArray();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        out.write(bytes.array());
    }

    /**
     * Reads an array written by {@link #writeArray} into an existing array of the same shape.
     *
     * @param in the stream
     * @param target the array to overwrite
     * @param what a name for messages
     * @throws IOException on read failure or a shape mismatch
     */
    static void readArrayInto(DataInputStream in, NDArray target, String what) throws IOException {
        int rank = in.readInt();
        if (rank < 0 || rank > 16) {
            throw new IOException(what + ": corrupt shape rank " + rank);
        }
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readLong();
        }
        Shape shape = new Shape(dims);
        if (!shape.equals(target.getShape())) {
            throw new IOException(what + ": saved shape " + shape + " does not match " + target.getShape());
        }
        byte[] raw = new byte[Math.toIntExact(shape.size() * Float.BYTES)];
        in.readFully(raw);
        float[] values = new float[(int) shape.size()];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        // NDArray.set(float[]) would make the target borrow a JVM buffer; copy into its own storage instead
        try (NDArray source = target.getManager().create(values, shape)) {
            target.set(new NDIndex("..."), source);
        }
    }
}
