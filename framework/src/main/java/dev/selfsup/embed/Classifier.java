package dev.selfsup.embed;

import dev.selfsup.api.DownstreamHead;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.FeatureClassifier;
import dev.selfsup.api.eval.SampleClassifier;
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
 * A trained encoder plus one of the models its run's evaluation protocols saved (or a fine-tuned encoder with its
 * classifier): inputs in, labels with scores out. The model is loaded back by the protocol that wrote it (named in
 * its {@code .protocol.json}), with the feature scaling it was trained with. Thread-safe; holds native memory:
 * close it.
 */
public final class Classifier implements AutoCloseable {

    /** Where scores come from: frozen features and a feature classifier, or a model with its own encoder. */
    private interface Scorer extends AutoCloseable {
        List<Map<String, Double>> samples(List<Sample> samples);

        List<Map<String, Double>> files(List<Path> files) throws IOException;

        @Override
        void close();
    }

    private final Scorer scorer;
    private final String name;

    private Classifier(Scorer scorer, String name) {
        this.scorer = scorer;
        this.name = name;
    }

    /**
     * Loads a saved model, after checking its files against the evaluation's manifest: a frozen-feature model runs
     * after the run's embedding model, a fine-tuned one brings its own encoder.
     *
     * @param embeddings opens the run's embedding model (closed with this classifier)
     * @param architecture creates a new, uninitialised encoder of the run's architecture
     * @param head the run's downstream head
     * @param directory the run's {@code eval} folder
     * @param base the model's base name, e.g. {@code logistic-pretrained-f1}
     * @param registry the loaded extensions (the protocol that saved it must be among them)
     * @return the classifier
     */
    static Classifier load(java.util.function.Supplier<EmbeddingModel> embeddings,
                           java.util.function.Supplier<Encoder> architecture, DownstreamHead head, Path directory,
                           String base, ExtensionRegistry registry) {
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
            EvaluationProtocol protocol = provider.create(Settings.of(descriptor.settings()));
            Path saveAs = directory.resolve(base);
            if (protocol.needsEncoder()) {
                Encoder encoder = architecture.get();
                SampleClassifier model = protocol.loadWithEncoder(saveAs, encoder, head).orElseThrow(() ->
                        cannotLoad(descriptor, base));
                return new Classifier(endToEnd(model, encoder), base);
            }
            FeatureClassifier model = protocol.load(saveAs).orElseThrow(() -> cannotLoad(descriptor, base));
            return new Classifier(frozen(embeddings.get(), model), base);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model " + base + " from " + directory + ": "
                    + ErrorText.describe(e), e);
        }
    }

    private static IllegalArgumentException cannotLoad(ProtocolFiles.Descriptor descriptor, String base) {
        return new IllegalArgumentException("protocol '" + descriptor.type() + "' cannot load its models back ("
                + base + ")");
    }

    private static Scorer frozen(EmbeddingModel embeddings, FeatureClassifier model) {
        return new Scorer() {
            @Override
            public List<Map<String, Double>> samples(List<Sample> samples) {
                return model.scores(embeddings.embed(samples));
            }

            @Override
            public List<Map<String, Double>> files(List<Path> files) throws IOException {
                return model.scores(embeddings.embedFiles(files));
            }

            @Override
            public void close() {
                embeddings.close();
            }
        };
    }

    private static Scorer endToEnd(SampleClassifier model, Encoder encoder) {
        return new Scorer() {
            @Override
            public List<Map<String, Double>> samples(List<Sample> samples) {
                return model.scores(samples);
            }

            @Override
            public List<Map<String, Double>> files(List<Path> files) throws IOException {
                List<Sample> samples = new ArrayList<>(files.size());
                for (Path file : files) {
                    try {
                        samples.add(encoder.readFile(file));
                    } catch (IOException | RuntimeException e) {
                        String text = ErrorText.withCauses(e);
                        throw new IOException(text.contains(file.toString()) ? text : "cannot read " + file + ": "
                                + text, e);
                    }
                }
                return model.scores(samples);
            }

            @Override
            public void close() {
                model.close();
            }
        };
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
        return predictions(scorer.samples(samples));
    }

    /**
     * Reads and classifies files of the encoder's modality.
     *
     * @param files the files
     * @return one prediction per file, in order
     * @throws IOException naming the first file that cannot be read
     */
    public List<Prediction> classifyFiles(List<Path> files) throws IOException {
        return predictions(scorer.files(files));
    }

    private static List<Prediction> predictions(List<Map<String, Double>> scores) {
        List<Prediction> out = new ArrayList<>(scores.size());
        for (Map<String, Double> one : scores) {
            out.add(new Prediction(one.keySet().iterator().next(), one));
        }
        return out;
    }

    @Override
    public void close() {
        scorer.close();
    }
}
