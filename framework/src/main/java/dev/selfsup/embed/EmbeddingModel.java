package dev.selfsup.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.Sample;
import dev.selfsup.train.GradientMode;
import dev.selfsup.data.ErrorText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A trained encoder plus its downstream head: samples or files in, one float vector each out, computed in
 * batches. Thread-safe (calls are serialised: one forward pass at a time uses both cores best; open several
 * models to run in parallel). Holds native memory: close it.
 */
public final class EmbeddingModel implements AutoCloseable {

    private final Encoder encoder;
    private final DownstreamHead head;
    private final NDManager manager;
    private final int batchSize;
    private boolean closed;

    EmbeddingModel(Encoder encoder, DownstreamHead head, Path parameters, int batchSize, Device device) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.encoder = encoder;
        this.head = head;
        this.batchSize = batchSize;
        this.manager = NDManager.newBaseManager(device);
        try {
            load(encoder, parameters, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Initialises an encoder and loads saved parameters into it.
     *
     * @param encoder the encoder, built from the settings the parameters were saved with
     * @param parameters the {@code encoder.params} file
     * @param manager owns the parameters
     * @throws UncheckedIOException if the file cannot be read or its parameters do not fit the encoder (e.g.
     *     {@code encoder.yaml} edited, or a plugin version whose encoder is shaped differently), naming it
     */
    public static void load(Encoder encoder, Path parameters, NDManager manager) {
        try {
            if (!encoder.block().isInitialized()) {
                encoder.block().initialize(manager, DataType.FLOAT32, encoder.inputShapes(1));
            }
            BlockFiles.loadChecked(encoder.block(), parameters, manager);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trained encoder " + parameters + ": "
                    + ErrorText.describe(e), e);
        } catch (MalformedModelException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("the trained encoder " + parameters + " does not fit "
                    + "the encoder described by " + parameters.resolveSibling(SavedEncoder.DESCRIPTION)
                    + " (" + ErrorText.withCauses(e) + "); was it trained with another plugin version?", e));
        }
    }

    /**
     * Returns the length of every vector.
     *
     * @return the embedding width
     */
    public int dimension() {
        return head.featureDim(encoder.embeddingDim());
    }

    /**
     * Embeds samples of the encoder's modality.
     *
     * @param samples the samples
     * @return one vector per sample, in order
     */
    public synchronized float[][] embed(List<Sample> samples) {
        checkOpen();
        return embed(encoder, head, manager, batchSize, samples.size(), samples::get);
    }

    /**
     * Computes frozen features (encoder, then head) in batches, each batch's arrays freed after it.
     *
     * @param encoder an initialised encoder
     * @param head the downstream head
     * @param manager the manager owning the encoder's parameters
     * @param batchSize samples per forward pass
     * @param count how many samples
     * @param sample the i-th sample, fetched when its batch is computed
     * @return one vector per sample, in order
     */
    public static float[][] embed(Encoder encoder, DownstreamHead head, NDManager manager, int batchSize, int count,
                                  IntFunction<Sample> sample) {
        float[][] out = new float[count][];
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientMode off = GradientMode.off()) { // inference: no autograd graph, whichever thread calls
            embedBatches(encoder, head, manager, batchSize, count, sample, store, out);
        }
        return out;
    }

    private static void embedBatches(Encoder encoder, DownstreamHead head, NDManager manager, int batchSize,
                                     int count, IntFunction<Sample> sample, ParameterStore store, float[][] out) {
        for (int start = 0; start < count; start += batchSize) {
            int end = Math.min(count, start + batchSize);
            List<Sample> samples = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                samples.add(sample.apply(i));
            }
            try (NDScope scope = new NDScope(); NDManager batch = manager.newSubManager()) {
                scope.suppressNotUsedWarning();
                NDList inputs = encoder.collate(samples, batch);
                NDArray features = head.features(encoder.block().forward(store, inputs, false));
                int width = (int) features.getShape().get(1);
                float[] flat = features.toFloatArray();
                for (int i = start; i < end; i++) {
                    out[i] = new float[width];
                    System.arraycopy(flat, (i - start) * width, out[i], 0, width);
                }
            }
        }
    }

    /**
     * Reads and embeds files of the encoder's modality (image files for an image encoder).
     *
     * @param files the files
     * @return one vector per file, in order
     * @throws IOException naming the first file that cannot be read
     */
    public synchronized float[][] embedFiles(List<Path> files) throws IOException {
        checkOpen();
        try {
            return embed(encoder, head, manager, batchSize, files.size(), i -> {
                Path file = files.get(i);
                try {
                    return encoder.readFile(file); // read batch by batch, not all at once
                } catch (IOException | RuntimeException e) {
                    String text = ErrorText.withCauses(e);
                    throw new UncheckedIOException(new IOException(
                            text.contains(file.toString()) ? text : "cannot read " + file + ": " + text, e));
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this embedding model is closed");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        manager.close();
    }
}
