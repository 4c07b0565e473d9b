package dev.selfsup.embed;

import dev.selfsup.api.EvaluationProtocolProvider;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.eval.FeatureClassifier;
import dev.selfsup.data.ErrorText;
import dev.selfsup.data.FileManifest;
import dev.selfsup.data.IntegrityException;
import dev.selfsup.eval.ProtocolFiles;
import dev.selfsup.plugin.ExtensionRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trained encoder plus one of the models its run's evaluation protocols saved: inputs in, labels with scores
 * out. The model is loaded back by the protocol that wrote it (named in its {@code .protocol.json}), with the
 * feature scaling it was trained with. Thread-safe; holds native memory: close it.
 */
public final class Classifier implements AutoCloseable {

    private final EmbeddingModel embeddings;
    private final FeatureClassifier model;
    private final String name;

    private Classifier(EmbeddingModel embeddings, FeatureClassifier model, String name) {
        this.embeddings = embeddings;
        this.model = model;
        this.name = name;
    }

    /**
     * Loads a saved model for an embedding model, after checking its files against the evaluation's manifest.
     *
     * @param embeddings the embedding model (closed with this classifier, also on failure)
     * @param directory the run's {@code eval} folder
     * @param base the model's base name, e.g. {@code logistic-pretrained-f1}
     * @param registry the loaded extensions (the protocol that saved it must be among them)
     * @return the classifier
     */
    static Classifier load(EmbeddingModel embeddings, Path directory, String base, ExtensionRegistry registry) {
        try {
            ProtocolFiles.Descriptor descriptor = ProtocolFiles.readDescriptor(directory, base);
            List<String> files = new ArrayList<>(descriptor.files());
            files.add(ProtocolFiles.descriptorFile(directory, base).getFileName().toString());
            String problem = FileManifest.problemOf(directory, ProtocolFiles.MANIFEST, files);
            if (!problem.isEmpty()) {
                throw new IntegrityException("the model " + base + " in " + directory + " cannot be trusted: "
                        + problem + ". Evaluate the run again (selfsup evaluate " + directory.getParent() + ")");
            }
            EvaluationProtocolProvider provider = registry.get(EvaluationProtocolProvider.class, descriptor.type());
            FeatureClassifier model = provider.create(Settings.of(descriptor.settings()))
                    .load(directory.resolve(base))
                    .orElseThrow(() -> new IllegalArgumentException("protocol '" + descriptor.type()
                            + "' cannot load its models back (" + base + ")"));
            return new Classifier(embeddings, model, base);
        } catch (IOException e) {
            embeddings.close();
            throw new UncheckedIOException("cannot load the model " + base + " from " + directory + ": "
                    + ErrorText.describe(e), e);
        } catch (RuntimeException e) {
            embeddings.close();
            throw e;
        }
    }

    /**
     * Returns the model's name, e.g. {@code logistic-pretrained-f1}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Classifies samples.
     *
     * @param samples the samples
     * @return one prediction per sample, in order
     */
    public List<Prediction> classify(List<Sample> samples) {
        return predict(embeddings.embed(samples));
    }

    /**
     * Reads and classifies files of the encoder's modality.
     *
     * @param files the files
     * @return one prediction per file, in order
     * @throws IOException naming the first file that cannot be read
     */
    public List<Prediction> classifyFiles(List<Path> files) throws IOException {
        return predict(embeddings.embedFiles(files));
    }

    private List<Prediction> predict(float[][] vectors) {
        List<Prediction> out = new ArrayList<>(vectors.length);
        for (Map<String, Double> scores : model.scores(vectors)) {
            out.add(new Prediction(scores.keySet().iterator().next(), scores));
        }
        return out;
    }

    @Override
    public void close() {
        embeddings.close();
    }
}
