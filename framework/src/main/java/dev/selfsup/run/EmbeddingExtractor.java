package dev.selfsup.run;

import ai.djl.ndarray.NDManager;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.SampleSource;
import dev.selfsup.embed.EmbeddingModel;

/** Computes frozen features (encoder, then downstream head) for chosen rows of a split, in batches. */
public final class EmbeddingExtractor {

    private final Encoder encoder;
    private final DownstreamHead head;
    private final NDManager manager;
    private final int batchSize;

    /**
     * Creates an extractor.
     *
     * @param encoder an initialised encoder
     * @param head the downstream head
     * @param manager the manager owning the encoder parameters (per-batch arrays live in sub-managers)
     * @param batchSize rows per forward pass
     */
    public EmbeddingExtractor(Encoder encoder, DownstreamHead head, NDManager manager, int batchSize) {
        this.encoder = encoder;
        this.head = head;
        this.manager = manager;
        this.batchSize = batchSize;
    }

    /**
     * Computes features for rows of a split.
     *
     * @param source the split
     * @param rows the row indices
     * @return one feature vector per row, in the order of {@code rows}
     */
    public float[][] extract(SampleSource source, int[] rows) {
        return EmbeddingModel.embed(encoder, head, manager, batchSize, rows.length, i -> source.get(rows[i]));
    }

    /**
     * Returns raw-input features for rows of a split (the raw baseline).
     *
     * @param encoder the encoder defining the raw features of its modality
     * @param source the split
     * @param rows the row indices
     * @return one vector per row
     */
    public static float[][] raw(Encoder encoder, SampleSource source, int[] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = encoder.rawFeatures(source.get(rows[i]));
        }
        return out;
    }
}
