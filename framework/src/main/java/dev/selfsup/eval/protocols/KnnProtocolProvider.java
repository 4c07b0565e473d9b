package dev.selfsup.eval.protocols;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.LabelledFeatures;
import dev.selfsup.eval.ProtocolFiles;
import dev.selfsup.data.AtomicFiles;
import org.pf4j.Extension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * {@code knn}: k nearest neighbours with majority vote, by cosine distance (the default) or L2. The search is brute
 * force as one matrix product per block of queries (DJL), which is what makes kNN cheap enough to run on every
 * subset: with Tribuo's {@code KNNTrainer}, which measures distances one pair at a time, the quick start's kNN on
 * raw MNIST pixels at 10% took 220 s for its three subsets on 2 cores; with the products, 0.6 s a subset, scaling
 * choice included (docs/evaluation.md). Ties in
 * the vote go to the class of the nearer neighbour. A subset with fewer labelled rows per class than {@code k} uses
 * that many neighbours instead (more would let the other classes outvote every class), and the report says so.
 * Tribuo's own kNN stays available through {@code {type: tribuo}} and a configuration file.
 */
@Extension
public final class KnnProtocolProvider implements EvaluationProtocolProvider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROWS = ".knn.rows";
    private static final int ROWS_MAGIC = 0x6b6e6e31; // "knn1"
    private static final String DESCRIPTION = ".knn.json";
    private static final int QUERY_BLOCK = 500;

    private static final SettingsSchema SCHEMA = ScaledFeatureProtocol.withStandardize(SettingsSchema.builder()
            .addInt("k", 20, 1, 10_000, "neighbours that vote")
            .addChoice("distance", "cosine", List.of("cosine", "l2"), "distance between vectors"), "auto").build();

    @Override
    public String name() {
        return "knn";
    }

    @Override
    public String description() {
        return "k nearest neighbours on frozen features, cosine or l2 distance, majority vote";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public EvaluationProtocol create(Settings settings) {
        int k = settings.getInt("k");
        boolean cosine = "cosine".equals(settings.getString("distance"));
        return new ScaledFeatureProtocol(settings, "knn") {
            @Override
            Model fit(LabelledFeatures rows, long seed, String representation, double tuned,
                      Model warmStart) {
                return new Neighbours(rows.features(), rows.labels(), rows.classNames(), neighbours(k, rows), cosine);
            }

            @Override
            Model read(Path saveAs) throws IOException {
                Description description = JSON.readValue(ProtocolFiles.sibling(saveAs, DESCRIPTION).toFile(), Description.class);
                float[][] rows = readRows(ProtocolFiles.sibling(saveAs, ROWS));
                return new Neighbours(rows, description.labels(), description.classNames(), description.k(),
                        description.cosine());
            }

            @Override
            Map<String, String> notes(LabelledFeatures rows) {
                int used = neighbours(k, rows);
                return used < k ? Map.of("k", used + " (the subset has " + rows.rows() + " labelled rows, fewer than "
                        + "k=" + k + " per class)") : Map.of();
            }

            @Override
            boolean standardizeWithoutValidation() {
                // standardising cost kNN 3.6 points on raw MNIST pixels (6,000 labels, k=20, L2): it inflates
                // rarely used pixels to the weight of informative ones
                return false;
            }
        };
    }

    /** Reads the rows of a saved model: a magic number, the row count and width, the floats row by row. */
    private static float[][] readRows(Path file) throws IOException {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                Files.newInputStream(file)))) {
            if (in.readInt() != ROWS_MAGIC) {
                throw new IOException(file + " is not a saved kNN model");
            }
            float[][] rows = new float[in.readInt()][in.readInt()];
            for (float[] row : rows) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = in.readFloat();
                }
            }
            return rows;
        } catch (java.io.EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }

    /** k, at most the labelled rows per class (at least 1). */
    private static int neighbours(int k, LabelledFeatures rows) {
        return Math.min(k, Math.max(1, rows.rows() / rows.classNames().size()));
    }

    /** What a saved kNN model needs besides its rows. */
    record Description(int k, boolean cosine, int[] labels, List<String> classNames) {
    }

    /** The labelled rows and the vote. */
    private record Neighbours(float[][] rows, int[] labels, List<String> classNames, int k, boolean cosine)
            implements ScaledFeatureProtocol.Model {

        @Override
        public int[] predict(float[][] queries, LongConsumer progress) {
            int[] out = new int[queries.length];
            search(queries, progress, (i, votes) -> {
                int best = 0;
                for (int c = 1; c < votes.length; c++) {
                    if (votes[c] > votes[best]) {
                        best = c;
                    }
                }
                out[i] = best;
            });
            return out;
        }

        @Override
        public List<Map<String, Double>> scores(float[][] queries) {
            List<Map<String, Double>> out = new ArrayList<>(queries.length);
            for (int i = 0; i < queries.length; i++) {
                out.add(null);
            }
            search(queries, done -> { }, (i, votes) -> {
                Map<String, Double> scores = new LinkedHashMap<>();
                java.util.stream.IntStream.range(0, votes.length).boxed()
                        .sorted(Comparator.comparingDouble((Integer c) -> votes[c]).reversed())
                        .forEach(c -> scores.put(classNames.get(c), Math.floor(votes[c]) / k));
                out.set(i, scores);
            });
            return out;
        }

        private interface Vote {
            void accept(int query, double[] votes);
        }

        /**
         * Finds each query's k nearest rows and hands over its votes per class: one per neighbour, plus a tie-break
         * below one vote that favours nearer neighbours.
         */
        private void search(float[][] queries, LongConsumer progress, Vote vote) {
            try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
                NDArray train = normalised(manager.create(rows));
                NDArray trainSquares = train.square().sum(new int[] {1});
                for (int start = 0; start < queries.length; start += QUERY_BLOCK) {
                    int end = Math.min(queries.length, start + QUERY_BLOCK);
                    try (NDManager block = manager.newSubManager()) {
                        NDArray query = normalised(block.create(Arrays.copyOfRange(queries, start, end)));
                        NDArray products = query.matMul(train.transpose());
                        // cosine: the largest products of unit vectors; l2: the smallest |t|^2 - 2 q.t (|q|^2 is
                        // the same for every row of a query)
                        NDArray closeness = cosine ? products : products.mul(2).sub(trainSquares);
                        NDList top = closeness.topK(k, 1, true, true);
                        long[] nearest = top.get(1).toLongArray();
                        for (int q = 0; q < end - start; q++) {
                            double[] votes = new double[classNames.size()];
                            for (int n = 0; n < k; n++) {
                                votes[labels[(int) nearest[q * k + n]]] += 1 + 1e-3 * (k - n) / k;
                            }
                            vote.accept(start + q, votes);
                        }
                    }
                    progress.accept(end);
                }
            }
        }

        private NDArray normalised(NDArray matrix) {
            return cosine ? matrix.div(matrix.norm(new int[] {1}, true).maximum(1e-12f)) : matrix;
        }

        @Override
        public List<Path> save(Path saveAs) throws IOException {
            Path rowsFile = ProtocolFiles.sibling(saveAs, ROWS);
            Path descriptionFile = ProtocolFiles.sibling(saveAs, DESCRIPTION);
            AtomicFiles.write(rowsFile, temp -> {
                try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(
                        Files.newOutputStream(temp)))) {
                    out.writeInt(ROWS_MAGIC);
                    out.writeInt(rows.length);
                    out.writeInt(rows[0].length);
                    for (float[] row : rows) {
                        for (float v : row) {
                            out.writeFloat(v);
                        }
                    }
                }
            });
            byte[] json = JSON.writeValueAsBytes(new Description(k, cosine, labels, classNames));
            AtomicFiles.write(descriptionFile, temp -> Files.write(temp, json));
            return List.of(rowsFile, descriptionFile);
        }
    }
}
