package dev.selfsup.vision.data;

import dev.selfsup.api.Image;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Images decoded into memory, each with an optional caption ({@link Sample#TEXT}) and an optional class label:
 * one split of the data sets read from image files. Immutable, so safe for concurrent reads.
 */
final class DecodedImages implements SampleSource {

    private final List<Image> images;
    private final List<String> captions;
    private final int[] labels;
    private final List<String> classNames;

    /**
     * Creates a split.
     *
     * @param images the images
     * @param captions per image its caption, or {@code null} for a data set without captions
     * @param labels per image its class index, or {@code null} for unlabelled images
     * @param classNames the class names (empty when unlabelled)
     */
    DecodedImages(List<Image> images, List<String> captions, int[] labels, List<String> classNames) {
        if (captions != null && captions.size() != images.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + captions.size() + " captions");
        }
        if (labels != null && labels.length != images.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + labels.length + " labels");
        }
        this.images = List.copyOf(images);
        this.captions = captions == null ? null : List.copyOf(captions);
        this.labels = labels == null ? null : labels.clone();
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public Sample get(int index) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(Sample.IMAGE, images.get(index));
        if (captions != null) {
            fields.put(Sample.TEXT, captions.get(index));
        }
        return Sample.of(fields, labels == null ? OptionalInt.empty() : OptionalInt.of(labels[index]));
    }

    @Override
    public int label(int index) {
        if (index < 0 || index >= images.size()) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + images.size());
        }
        return labels == null ? -1 : labels[index];
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }
}
