package dev.selfsup.align;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.selfsup.api.CrossModalEmbedder;
import dev.selfsup.api.Sample;
import dev.selfsup.embed.Prediction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classifies samples of one side of an aligned model among classes described in words (CLIP's zero-shot
 * classification): every class name is put into each prompt template, embedded by the text side, and the class is
 * the normalised mean of its prompts' embeddings; a sample goes to the class most similar to its embedding, with
 * the softmax of the scaled similarities as its scores. Holds native memory: close it.
 */
public final class ZeroShotClassifier implements AutoCloseable {

    private final CrossModalEmbedder model;
    private final String sampleSide;
    private final List<String> labels;
    private final NDManager manager;
    private final NDArray prototypes;

    /**
     * Embeds the classes.
     *
     * @param model the aligned model; one side must read text
     * @param labels the class names (underscores read as spaces)
     * @param templates prompt templates, {@code {}} standing for the class name
     * @param manager the parent of the classifier's own memory
     * @throws IllegalArgumentException if no side reads text, or no label or template is given
     */
    public ZeroShotClassifier(CrossModalEmbedder model, List<String> labels, List<String> templates,
                              NDManager manager) {
        if (labels.isEmpty() || templates.isEmpty()) {
            throw new IllegalArgumentException("zero-shot classification needs labels and templates");
        }
        String textSide = model.sides().stream().filter(side -> model.modality(side).equals(Sample.TEXT))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("zero-shot classification from names "
                        + "needs a side that reads text; this model's sides read "
                        + model.sides().stream().map(model::modality).toList()));
        this.model = model;
        this.sampleSide = model.sides().get(1 - model.sides().indexOf(textSide));
        this.labels = List.copyOf(labels);
        this.manager = manager.newSubManager();
        List<Sample> prompts = new ArrayList<>();
        for (String label : labels) {
            for (String template : templates) {
                prompts.add(Sample.unlabelled(Sample.TEXT, template.replace("{}", label.replace('_', ' '))));
            }
        }
        NDArray embedded = model.embed(textSide, prompts, this.manager);
        NDArray means = embedded.reshape(labels.size(), templates.size(), -1).mean(new int[] {1});
        this.prototypes = means.div(means.norm(new int[] {1}, true));
    }

    /**
     * Returns the side whose samples are classified.
     *
     * @return its name, e.g. {@code image}
     */
    public String sampleSide() {
        return sampleSide;
    }

    /**
     * Returns the index of the most similar class for each sample.
     *
     * @param samples samples holding the classified side's field
     * @return the class indices
     */
    public long[] predict(List<Sample> samples) {
        try (NDManager scope = manager.newSubManager()) {
            return model.embed(sampleSide, samples, scope).matMul(prototypes.transpose()).argMax(1).toLongArray();
        }
    }

    /**
     * Classifies samples with scores.
     *
     * @param samples samples holding the classified side's field
     * @return per sample, its class and every class's probability, best first
     */
    public List<Prediction> classify(List<Sample> samples) {
        try (NDManager scope = manager.newSubManager()) {
            float[] probabilities = model.embed(sampleSide, samples, scope).matMul(prototypes.transpose())
                    .mul((float) model.logitScale()).softmax(1).toFloatArray();
            List<Prediction> out = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                List<Integer> order = new ArrayList<>();
                for (int c = 0; c < labels.size(); c++) {
                    order.add(c);
                }
                int row = i;
                order.sort((x, y) -> Float.compare(probabilities[row * labels.size() + y],
                        probabilities[row * labels.size() + x]));
                Map<String, Double> scores = new LinkedHashMap<>();
                order.forEach(c -> scores.put(labels.get(c), (double) probabilities[row * labels.size() + c]));
                out.add(new Prediction(labels.get(order.get(0)), scores));
            }
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
