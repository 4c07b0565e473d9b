package dev.selfsup.audio.wav2vec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.selfsup.api.Batch;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.LatentFrameEncoder;
import dev.selfsup.api.PretextLoss;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Settings;
import dev.selfsup.api.StepInfo;
import dev.selfsup.nn.Flops;
import dev.selfsup.nn.Initialisers;
import dev.selfsup.nn.Scalars;
import dev.selfsup.nn.joint.CollapseMonitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * wav2vec 2.0 (Baevski et al. 2020): latent frames from the feature encoder, spans of them replaced by a learned
 * vector before the context network, and for each masked frame a contrastive choice of its own quantised latent
 * among {@code k} quantised latents of other masked frames of the utterance, by cosine similarity over a
 * temperature. The quantiser is a product of {@code groups} Gumbel-softmax choices among {@code entries}
 * codewords (straight-through, hard), its temperature annealed from {@code max} to {@code min} over
 * {@code anneal_fraction} of the run (the paper reaches its minimum at 69% of its 400k updates); a diversity loss
 * keeps the codebook in use and a penalty keeps the feature encoder's outputs small. Loss per masked frame:
 * contrastive + {@code diversity_weight} x diversity + {@code penalty_weight} x penalty.
 *
 * <p>Outputs are per utterance (sums), so that data-parallel shards add up to the whole batch; the loss turns
 * them into means and perplexities. Logged: {@code contrastive_accuracy} (the true target ranked first; chance is
 * {@code 1/(k+1)}), {@code code_perplexity} (of the hard code choices, per group summed, collapse when near 1 per
 * group), {@code code_perplexity_per_group} (the run warns when it falls below 2, {@link CollapseMonitor}),
 * {@code prob_perplexity}, {@code diversity_loss}, {@code feature_penalty}, {@code temperature} and
 * {@code masked_frames}.
 */
final class Wav2vecTask implements PretextTask {

    private final String encoderName;
    private final Encoder encoder;
    private final LatentFrameEncoder frames;
    private final Wav2vecModel model;
    private final SpanMasking masking;
    private final int distractors;
    private final double similarityTemperature;
    private final double maxTemperature;
    private final double minTemperature;
    private final double annealFraction;
    private final double diversityWeight;
    private final double penaltyWeight;
    private final double featureGradient;

    Wav2vecTask(String encoderName, Encoder encoder, LatentFrameEncoder frames, Wav2vecSettings settings) {
        this.encoderName = encoderName;
        this.encoder = encoder;
        this.frames = frames;
        this.model = Initialisers.xavierUniformWeights(new Wav2vecModel(encoder.block(), frames.latentDim(),
                encoder.embeddingDim(), settings.groups(), settings.entries(), settings.codeDim(),
                settings.finalDim()));
        this.masking = new SpanMasking(settings.maskProbability(), settings.maskSpan(), 2);
        this.distractors = settings.distractors();
        this.similarityTemperature = settings.similarityTemperature();
        this.maxTemperature = settings.maxTemperature();
        this.minTemperature = settings.minTemperature();
        this.annealFraction = settings.annealFraction();
        this.diversityWeight = settings.diversityWeight();
        this.penaltyWeight = settings.penaltyWeight();
        this.featureGradient = settings.featureGradient();
    }

    @Override
    public Wav2vecModel model() {
        return model;
    }

    @Override
    public ai.djl.ndarray.types.Shape[] inputShapes(int batchSize) {
        return encoder.inputShapes(batchSize);
    }

    @Override
    public NDList collate(Batch batch, NDManager manager) {
        return encoder.collate(batch.view(0), manager);
    }

    /**
     * The Gumbel temperature at a step: {@code max(max · decay^step, min)}, the decay reaching {@code min} at
     * {@code anneal_fraction} of the run.
     *
     * @param step the step
     * @return the temperature
     */
    double temperature(StepInfo step) {
        double annealSteps = Math.max(1.0, annealFraction * step.totalSteps());
        double decay = Math.pow(minTemperature / maxTemperature, 1.0 / annealSteps);
        return Math.max(maxTemperature * Math.pow(decay, step.step()), minTemperature);
    }

    /**
     * Returns per utterance {@code [contrastive loss sum, masked frames, correct, penalty sum, real frames]}, each
     * {@code (batch)}, then {@code [soft code probabilities, hard code counts]}, each {@code (batch, groups ·
     * entries)} summed over the masked frames.
     */
    @Override
    public NDList forward(ParameterStore ps, NDList inputs, StepInfo step, Random random) {
        NDManager manager = inputs.get(0).getManager();
        NDList encoded = frames.latents(ps, inputs, true);
        // the feature encoder's gradient is scaled, not its output: through the latents and the penalty alike,
        // as fairseq's GradMultiply before both
        NDArray latents = scaleGradient(encoded.get(0));
        NDArray penalty = scaleGradient(encoded.get(2));
        NDArray frameMask = encoded.get(1);
        int rows = (int) latents.getShape().get(0);
        int length = (int) latents.getShape().get(1);
        float[] real = frameMask.toFloatArray();
        int[] validFrames = new int[rows];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < length; t++) {
                validFrames[b] += real[b * length + t] > 0 ? 1 : 0;
            }
        }
        boolean[][] masked = masking.draw(validFrames, length, random);
        List<Integer> maskedFlat = new ArrayList<>();
        List<Integer> utterance = new ArrayList<>();
        float[] maskValues = new float[rows * length];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < length; t++) {
                if (masked[b][t]) {
                    maskedFlat.add(b * length + t);
                    utterance.add(b);
                    maskValues[b * length + t] = 1f;
                }
            }
        }
        int count = maskedFlat.size();
        NDArray maskArray = manager.create(maskValues, new Shape(rows, length, 1));
        NDArray projected = frames.project(ps, latents, true);
        NDArray keep = manager.create(invert(maskValues), new Shape(rows, length, 1));
        NDArray input = projected.mul(keep).add(maskArray.mul(model.maskVector(ps, projected, true)));
        NDArray context = frames.contextualise(ps, input, frameMask, true).get(0);
        long dim = context.getShape().get(2);
        NDArray index = manager.create(maskedFlat.stream().mapToLong(Integer::longValue).toArray());
        NDArray predictions = model.projectContext(ps, context.reshape(rows * (long) length, dim).get(index), true);

        int groups = model.groups();
        int entries = model.entries();
        NDArray maskedLatents = latents.reshape(rows * (long) length, latents.getShape().get(2)).get(index);
        NDArray logits = model.codeLogits(ps, maskedLatents, true).reshape(count, groups, entries);
        float[] noise = new float[count * groups * entries];
        for (int i = 0; i < noise.length; i++) {
            double u = Math.max(random.nextDouble(), 1e-12);
            noise[i] = (float) -Math.log(-Math.log(u));
        }
        double tau = temperature(step);
        NDArray soft = Scalars.multiply(logits.add(manager.create(noise, logits.getShape())), 1 / tau).softmax(2);
        NDArray hard = soft.argMax(2).oneHot(entries).toType(DataType.FLOAT32, false);
        NDArray choices = hard.add(soft).sub(soft.stopGradient()); // straight-through
        NDArray targets = model.projectTargets(ps, model.codes(ps, choices, true), true); // (S, F)

        int[] utteranceOf = utterance.stream().mapToInt(Integer::intValue).toArray();
        int[][] negatives = Negatives.draw(utteranceOf, distractors, random);
        long[] negativeFlat = new long[count * distractors];
        float[] self = new float[count * distractors];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < distractors; j++) {
                negativeFlat[i * distractors + j] = negatives[i][j];
                self[i * distractors + j] = negatives[i][j] == i ? 1f : 0f;
            }
        }
        long finalDim = targets.getShape().get(1);
        NDArray distractorTargets = targets.get(manager.create(negativeFlat)).reshape(count, distractors, finalDim);
        NDArray candidates = targets.expandDims(1).concat(distractorTargets, 1); // (S, 1 + k, F)
        NDArray similarity = Scalars.multiply(normalise(candidates).mul(normalise(predictions).expandDims(1))
                .sum(new int[] {2}), 1 / similarityTemperature);
        // a distractor that is the target, or quantises to the very same vector, cannot be told apart: excluded
        NDArray same = distractorTargets.eq(targets.expandDims(1)).toType(DataType.FLOAT32, false)
                .min(new int[] {2}).maximum(manager.create(self, new Shape(count, distractors)));
        NDArray blocked = manager.zeros(new Shape(count, 1)).concat(same, 1);
        NDArray scores = similarity.sub(Scalars.multiply(blocked, 1e4));
        NDArray loss = scores.logSoftmax(1).get(":, 0").neg(); // (S)
        NDArray correct = scores.argMax(1).eq(0).toType(DataType.FLOAT32, false);

        float[] membership = new float[rows * count];
        for (int i = 0; i < count; i++) {
            membership[utteranceOf[i] * count + i] = 1f;
        }
        NDArray perRow = manager.create(membership, new Shape(rows, count));
        NDArray probabilities = logits.softmax(2).reshape(count, (long) groups * entries);
        return new NDList(perRow.matMul(loss.expandDims(1)).reshape(rows), perRow.sum(new int[] {1}),
                perRow.matMul(correct.expandDims(1)).reshape(rows).stopGradient(), penalty,
                frameMask.sum(new int[] {1}), perRow.matMul(probabilities),
                perRow.matMul(hard.reshape(count, (long) groups * entries)).stopGradient());
    }

    private NDArray scaleGradient(NDArray x) {
        return featureGradient >= 1 ? x : Scalars.multiply(x, featureGradient)
                .add(Scalars.multiply(x.stopGradient(), 1 - featureGradient));
    }

    private static float[] invert(float[] mask) {
        float[] out = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            out[i] = 1f - mask[i];
        }
        return out;
    }

    private static NDArray normalise(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true).maximum(Scalars.constant(x, 1e-8)));
    }

    @Override
    public PretextLoss loss(NDList outputs, StepInfo step) {
        NDArray count = outputs.get(1).sum();
        NDArray maskedFrames = count.maximum(Scalars.constant(count, 1.0));
        NDArray contrastive = outputs.get(0).sum().div(maskedFrames);
        NDArray penalty = outputs.get(3).sum().div(outputs.get(4).sum().maximum(Scalars.constant(count, 1.0)));
        int groups = model.groups();
        int entries = model.entries();
        NDArray meanProbabilities = outputs.get(5).sum(new int[] {0}).div(maskedFrames).reshape(groups, entries);
        NDArray probPerplexity = perplexity(meanProbabilities);
        NDArray diversity = Scalars.multiply(Scalars.constant(probPerplexity, groups * entries).sub(probPerplexity),
                1.0 / (groups * entries));
        NDArray codePerplexity = perplexity(outputs.get(6).sum(new int[] {0}).div(maskedFrames)
                .reshape(groups, entries));
        NDArray total = contrastive.add(Scalars.multiply(diversity, diversityWeight))
                .add(Scalars.multiply(penalty, penaltyWeight));
        Map<String, NDArray> metrics = new LinkedHashMap<>();
        metrics.put("contrastive_loss", contrastive);
        metrics.put("contrastive_accuracy", outputs.get(2).sum().div(maskedFrames));
        metrics.put("code_perplexity", codePerplexity);
        metrics.put(CollapseMonitor.CODES_METRIC, Scalars.multiply(codePerplexity, 1.0 / groups));
        metrics.put("prob_perplexity", probPerplexity);
        metrics.put("diversity_loss", diversity);
        metrics.put("feature_penalty", penalty);
        metrics.put("temperature", Scalars.constant(count, temperature(step)));
        metrics.put("masked_frames", count);
        return new PretextLoss(total, metrics);
    }

    /** {@code sum over groups of exp(entropy)} of per-group distributions {@code (groups, entries)}. */
    static NDArray perplexity(NDArray distributions) {
        NDArray entropy = distributions.mul(distributions.add(Scalars.constant(distributions, 1e-7)).log())
                .sum(new int[] {1}).neg();
        return entropy.exp().sum();
    }

    /**
     * Estimates the forward pass for a clip of {@code max_seconds} from the {@code waveform_transformer}'s settings
     * (0 for an encoder without them): the feature encoder's convolutions, the projection, the position convolution,
     * the transformer, and the heads on the masked half of the frames (code logits, codewords, both projections,
     * the similarities with {@code k + 1} candidates).
     */
    @Override
    public long forwardFlopsPerSample() {
        Settings s = encoder.settings();
        for (String key : List.of("sample_rate", "max_seconds", "conv_kernels", "conv_strides", "conv_channels",
                "dim", "depth", "mlp_ratio", "position_kernel", "position_groups")) {
            if (!s.has(key)) {
                return 0;
            }
        }
        List<Integer> kernels = s.getIntList("conv_kernels");
        List<Integer> strides = s.getIntList("conv_strides");
        long channels = s.getInt("conv_channels");
        long dim = s.getInt("dim");
        long length = Math.round(s.getDouble("max_seconds") * s.getInt("sample_rate"));
        long flops = 0;
        long inputChannels = 1;
        for (int i = 0; i < kernels.size(); i++) {
            length = length < kernels.get(i) ? 0 : (length - kernels.get(i)) / strides.get(i) + 1;
            flops += 2 * length * kernels.get(i) * inputChannels * channels;
            inputChannels = channels;
        }
        long frames = length;
        long masked = frames / 2;
        long groups = model.groups();
        long entries = model.entries();
        long finalDim = model.finalDim();
        flops += Flops.linear(frames, channels, dim)
                + 2 * frames * s.getInt("position_kernel") * (dim / s.getInt("position_groups")) * dim
                + s.getInt("depth") * Flops.transformerLayer(frames, dim, s.getDouble("mlp_ratio"))
                + Flops.linear(masked, channels, groups * entries)
                + 2 * masked * groups * entries * model.codeDim() / groups
                + Flops.linear(masked, model.codeDim(), finalDim) + Flops.linear(masked, dim, finalDim)
                + 2 * masked * (distractors + 1L) * finalDim;
        return flops;
    }

    @Override
    public Map<String, Encoder> encoders() {
        return Map.of(encoderName, encoder);
    }
}
