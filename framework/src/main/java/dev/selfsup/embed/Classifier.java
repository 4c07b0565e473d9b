package dev.selfsup.embed;

import dev.selfsup.api.Sample;
import dev.selfsup.data.ErrorText;
import dev.selfsup.data.FileManifest;
import dev.selfsup.data.IntegrityException;
import dev.selfsup.eval.ProbeFiles;
import dev.selfsup.eval.Standardizer;
import dev.selfsup.eval.TribuoData;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained encoder plus one of the run's Tribuo probes: inputs in, labels with scores out. Logistic probes
 * get the feature standardisation they were trained with. Thread-safe; holds native memory: close it.
 */
public final class Classifier implements AutoCloseable {

    private final EmbeddingModel embeddings;
    private final Model<Label> model;
    private final Standardizer standardizer;
    private final String name;

    private Classifier(EmbeddingModel embeddings, Model<Label> model, Standardizer standardizer, String name) {
        this.embeddings = embeddings;
        this.model = model;
        this.standardizer = standardizer;
        this.name = name;
    }

    /**
     * Loads a probe file for an embedding model.
     *
     * @param embeddings the embedding model (closed with this classifier)
     * @param probeFile a {@code .tribuo} file from the run's {@code eval} folder, trained on the pretrained encoder
     * @return the classifier
     */
    @SuppressWarnings("unchecked")
    static Classifier load(EmbeddingModel embeddings, Path probeFile) {
        try {
            Path statistics = ProbeFiles.standardizerFile(probeFile);
            String name = ProbeFiles.name(probeFile);
            boolean logistic = ProbeFiles.isLogistic(name);
            if (logistic && !Files.exists(statistics)) {
                throw new IllegalArgumentException(probeFile + " has no feature statistics (" + statistics.getFileName()
                        + "): the run was evaluated by an older selfsup; use a knn probe (--probe) or evaluate again");
            }
            List<String> files = logistic ? List.of(probeFile.getFileName().toString(),
                    statistics.getFileName().toString()) : List.of(probeFile.getFileName().toString());
            String problem = FileManifest.problemOf(probeFile.getParent(), ProbeFiles.MANIFEST, files);
            if (!problem.isEmpty()) {
                throw new IntegrityException("the probe " + probeFile + " cannot be trusted: " + problem
                        + ". Evaluate the run again (selfsup evaluate " + probeFile.getParent().getParent() + ")");
            }
            Model<?> loaded;
            try {
                loaded = Model.deserializeFromFile(probeFile);
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot load the probe " + probeFile + ": " + ErrorText.withCauses(e), e);
            }
            if (!loaded.validate(Label.class)) {
                throw new IllegalArgumentException(probeFile + " is not a classification model");
            }
            Standardizer standardizer = logistic ? Standardizer.read(statistics) : null;
            return new Classifier(embeddings, (Model<Label>) loaded, standardizer, name);
        } catch (IOException e) {
            embeddings.close();
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (RuntimeException e) {
            embeddings.close();
            throw e;
        }
    }

    /**
     * Returns the probe's name, e.g. {@code logistic-pretrained-f1}.
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
        if (standardizer != null) {
            vectors = standardizer.apply(vectors);
        }
        List<Example<Label>> examples = new ArrayList<>(vectors.length);
        for (float[] vector : vectors) {
            double[] values = new double[vector.length];
            for (int j = 0; j < values.length; j++) {
                values[j] = vector[j];
            }
            examples.add(new ArrayExample<>(new Label(Label.UNKNOWN), TribuoData.featureNames(vector.length), values));
        }
        List<Prediction> out = new ArrayList<>(vectors.length);
        // one batch call: Tribuo's kNN model starts a thread pool per call
        for (var prediction : model.predict(examples)) {
            Map<String, Double> scores = new LinkedHashMap<>();
            prediction.getOutputScores().values().stream()
                    .sorted(Comparator.comparingDouble(Label::getScore).reversed())
                    .forEach(l -> scores.put(l.getLabel(), l.getScore()));
            out.add(new Prediction(prediction.getOutput().getLabel(), scores));
        }
        return out;
    }

    @Override
    public void close() {
        embeddings.close();
    }
}
