package dev.selfsup.text.data;

import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A split of text documents as a {@link SampleSource}: each sample's {@link Sample#TEXT} field is a document's text,
 * its label the index of the document's class name in {@link #classNames()}.
 */
public final class TextSamples implements SampleSource {

    private final List<TextDocument> documents;
    private final List<String> classNames;
    private final int[] labels;

    /**
     * Creates the split.
     *
     * @param documents the documents, all labelled or all unlabelled
     * @param classNames the class names (empty for unlabelled documents), each document's label among them
     * @throws IllegalArgumentException if a label is not a class name, or labelled and unlabelled documents mix
     */
    public TextSamples(List<TextDocument> documents, List<String> classNames) {
        this.documents = List.copyOf(documents);
        this.classNames = List.copyOf(classNames);
        this.labels = new int[this.documents.size()];
        for (int i = 0; i < labels.length; i++) {
            TextDocument document = this.documents.get(i);
            labels[i] = document.label() == null ? -1 : this.classNames.indexOf(document.label());
            if (classNames.isEmpty() != (document.label() == null) || !classNames.isEmpty() && labels[i] < 0) {
                throw new IllegalArgumentException(document.source() + " has label " + document.label()
                        + ", the classes are " + classNames);
            }
        }
    }

    /**
     * Returns the class names of labelled documents: their distinct labels, sorted.
     *
     * @param splits the documents of every split
     * @return the names, empty if the documents are unlabelled
     */
    @SafeVarargs
    public static List<String> classNamesOf(List<TextDocument>... splits) {
        Map<String, Boolean> names = new TreeMap<>();
        for (List<TextDocument> split : splits) {
            for (TextDocument document : split) {
                if (document.label() != null) {
                    names.put(document.label(), true);
                }
            }
        }
        return new ArrayList<>(names.keySet());
    }

    /**
     * Returns the documents.
     *
     * @return the documents, in sample order
     */
    public List<TextDocument> documents() {
        return documents;
    }

    @Override
    public int size() {
        return documents.size();
    }

    @Override
    public Sample get(int index) {
        String text = documents.get(index).text();
        return labels[index] < 0 ? Sample.unlabelled(Sample.TEXT, text) : Sample.labelled(Sample.TEXT, text,
                labels[index]);
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }
}
