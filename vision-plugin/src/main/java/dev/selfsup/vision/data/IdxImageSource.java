package dev.selfsup.vision.data;

import dev.selfsup.api.Image;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;

import java.util.List;

/** A split of grey-scale IDX images with labels, served as {@link Image}s with pixels scaled to [0, 1]. */
final class IdxImageSource implements SampleSource {

    private final LabelledImages data;
    private final int size;
    private final List<String> classNames;

    IdxImageSource(LabelledImages data, int limit, List<String> classNames) {
        this.data = data;
        this.size = limit > 0 ? Math.min(limit, data.images().count()) : data.images().count();
        this.classNames = classNames;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Sample get(int index) {
        IdxImages images = data.images();
        int pixels = images.rows() * images.cols();
        float[] values = new float[pixels];
        byte[] raw = images.pixels();
        int offset = index * pixels;
        for (int i = 0; i < pixels; i++) {
            values[i] = (raw[offset + i] & 0xFF) / 255f;
        }
        return Sample.labelled(Sample.IMAGE, new Image(1, images.rows(), images.cols(), values), label(index));
    }

    @Override
    public int label(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + size);
        }
        return data.labels()[index] & 0xFF;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }
}
