package dev.selfsup.text.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.StepInfo;
import dev.selfsup.api.TokenSequenceEncoder;
import dev.selfsup.api.TokenizedText;
import dev.selfsup.nn.Flops;
import dev.selfsup.nn.Initialisers;
import dev.selfsup.text.encoder.TextTransformerEncoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Base of the token-prediction tasks (masked and causal language modelling): per shard, {@link #forward} chooses
 * the positions to predict ({@link #targets}), encodes the (possibly masked) ids and scores the true token at each
 * position; it returns per text the summed negative log-likelihood, the number of predictions, the correct ones and
 * the unigram model's negative log-likelihood of the same tokens, so that {@link #loss} averages over every
 * predicted token of the whole batch, whatever the shards.
 */
abstract class LanguageModelTask implements PretextTask {

    /** Metric: predicted tokens in the batch. */
    static final String TOKENS = "predicted_tokens";
    /** Metric: share of predicted tokens whose most likely token is the true one. */
    static final String ACCURACY = "token_accuracy";

    private final String encoderName;
    private final Encoder encoder;
    private final TokenSequenceEncoder tokens;
    private final LanguageModel model;
    private final double[] unigram;

    LanguageModelTask(String encoderName, Encoder encoder, TokenSequenceEncoder tokens) {
        this.encoderName = encoderName;
        this.encoder = encoder;
        this.tokens = tokens;
        this.model = Initialisers.xavierUniformWeights(new LanguageModel(encoder.block(), encoder.embeddingDim(),
                tokens.vocabularySize()));
        this.unigram = tokens.unigramLogProbabilities().orElse(null);
    }

    /**
     * Chooses what to predict in a batch.
     *
     * @param text the tokenized batch
     * @param random the step's stream
     * @return the ids to encode and the positions to predict
     */
    abstract TokenTargets targets(TokenizedText text, Random random);

    /**
     * Returns the predicted positions per text for a sequence of the maximum length, to count FLOPs.
     *
     * @param maxLength the tokens per text
     * @return the predictions
     */
    abstract double predictionsPerText(int maxLength);

    @Override
    public LanguageModel model() {
        return model;
    }

    @Override
    public Shape[] inputShapes(int batchSize) {
        Shape[] encoderShapes = encoder.inputShapes(batchSize);
        return new Shape[] {encoderShapes[0], encoderShapes[1], new Shape(batchSize)};
    }

    /** Returns {@code [ids (b, T), validMask (b, T), wordIds (b, T)]}. */
    @Override
    public NDList collate(Batch batch, NDManager manager) {
        TokenizedText text = tokens.tokenize(TextTransformerEncoder.texts(batch.view(0)));
        NDList inputs = text.toInputs(manager);
        int[] words = new int[text.rows() * text.width()];
        for (int i = 0; i < text.rows(); i++) {
            System.arraycopy(text.wordIds(i), 0, words, i * text.width(), text.width());
        }
        inputs.add(manager.create(words, new Shape(text.rows(), text.width())));
        return inputs;
    }

    /** Returns per text {@code [nll sum, predictions, correct, unigram nll sum]}, each {@code (b)}. */
    @Override
    public NDList forward(ParameterStore parameters, NDList inputs, StepInfo step, Random random) {
        TokenizedText text = fromInputs(inputs);
        TokenTargets targets = targets(text, random);
        NDManager manager = inputs.get(0).getManager();
        int rows = text.rows();
        int count = targets.labels().length;
        NDList encoded = text.toInputs(targets.inputIds(), manager);
        NDArray positions = manager.create(targets.positions());
        NDArray logits = model.forward(parameters, new NDList(encoded.get(0), encoded.get(1), positions), true)
                .singletonOrThrow();
        NDArray labels = manager.create(targets.labels());
        NDArray nll = logits.logSoftmax(1).gather(labels.reshape(count, 1), 1).neg(); // (S, 1)
        NDArray correct = logits.argMax(1).eq(labels).toType(DataType.FLOAT32, false).reshape(count, 1);
        int[] rowOf = targets.rows(text.width());
        float[] membership = new float[rows * count];
        float[] unigramSums = new float[rows];
        for (int i = 0; i < count; i++) {
            membership[rowOf[i] * count + i] = 1f;
            if (unigram != null) {
                unigramSums[rowOf[i]] -= (float) unigram[(int) targets.labels()[i]];
            }
        }
        NDArray perRow = manager.create(membership, new Shape(rows, count));
        return new NDList(perRow.matMul(nll).reshape(rows), perRow.sum(new int[] {1}),
                perRow.matMul(correct).reshape(rows).stopGradient(), manager.create(unigramSums));
    }

    @Override
    public PretextLoss loss(NDList outputs, StepInfo step) {
        NDArray count = outputs.get(1).sum();
        NDArray denominator = count.maximum(dev.selfsup.nn.Scalars.constant(count, 1.0));
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        metrics.put(ACCURACY, outputs.get(2).sum().div(denominator));
        metrics.put(TOKENS, count);
        if (unigram != null) {
            metrics.put("unigram_loss", outputs.get(3).sum().div(denominator));
        }
        return new PretextLoss(outputs.get(0).sum().div(denominator), metrics);
    }

    /**
     * Weighs each held-out batch by its predicted tokens, and adds the perplexities: {@code exp} of the mean
     * negative log-likelihood per predicted token, of the model and of the unigram model of the training text.
     */
    @Override
    public Map<String, Double> heldOutMetrics(List<Map<String, Double>> batches) {
        double tokensSum = 0;
        Map<String, Double> weighted = new LinkedHashMap<>();
        for (Map<String, Double> batch : batches) {
            double n = batch.getOrDefault(TOKENS, 0.0);
            tokensSum += n;
            batch.forEach((name, value) -> {
                if (!name.equals(TOKENS)) {
                    weighted.merge(name, value * n, Double::sum);
                }
            });
        }
        double total = Math.max(tokensSum, 1);
        weighted.replaceAll((name, sum) -> sum / total);
        weighted.put(TOKENS, tokensSum);
        weighted.put("perplexity", Math.exp(weighted.getOrDefault("loss", Double.NaN)));
        if (weighted.containsKey("unigram_loss")) {
            weighted.put("unigram_perplexity", Math.exp(weighted.get("unigram_loss")));
        }
        return weighted;
    }

    @Override
    public long forwardFlopsPerSample() {
        var settings = encoder.settings();
        if (!settings.has("depth") || !settings.has("mlp_ratio")) {
            return 0;
        }
        int length = tokens.maxLength();
        int dim = encoder.embeddingDim();
        double predictions = predictionsPerText(length);
        return settings.getInt("depth") * Flops.transformerLayer(length, dim, settings.getDouble("mlp_ratio"))
                + Math.round(predictions * (Flops.linear(1, dim, dim) + Flops.linear(1, dim,
                tokens.vocabularySize())));
    }

    @Override
    public Map<String, Encoder> encoders() {
        return Map.of(encoderName, encoder);
    }

    /** The tokenized batch back from {@link #collate}'s arrays. */
    private static TokenizedText fromInputs(NDList inputs) {
        Shape shape = inputs.get(0).getShape();
        int rows = (int) shape.get(0);
        int width = (int) shape.get(1);
        long[] ids = inputs.get(0).toLongArray();
        float[] valid = inputs.get(1).toType(DataType.FLOAT32, false).toFloatArray();
        int[] words = inputs.get(2).toIntArray();
        long[][] idRows = new long[rows][];
        int[][] wordRows = new int[rows][];
        int[] lengths = new int[rows];
        for (int i = 0; i < rows; i++) {
            idRows[i] = java.util.Arrays.copyOfRange(ids, i * width, (i + 1) * width);
            wordRows[i] = java.util.Arrays.copyOfRange(words, i * width, (i + 1) * width);
            for (int t = 0; t < width; t++) {
                lengths[i] += valid[i * width + t] > 0.5f ? 1 : 0;
            }
        }
        return new TokenizedText(idRows, lengths, wordRows);
    }
}
