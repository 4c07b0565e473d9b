package dev.selfsup.vision.data;

import dev.selfsup.api.Image;
import dev.selfsup.vision.image.ImageFiles;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;

import java.util.List;

/** A split of grey-scale IDX images with labels, served as {@link Image}s with pixels scaled to [0, 1]. */
final class IdxImageSource implements SampleSource {

    private final LabelledImages data;
    private final int size;
    private final List<String> classNames;
    private final Look look;

    /**
     * How the images are presented: size, channels, polarity.
     *
     * @param size the side, 0 for the files' own
     * @param channels 1 or 3
     * @param invert whether pixels become 1 - value
     */
    record Look(int size, int channels, boolean invert) {

        static final Look AS_STORED = new Look(0, 1, false);

        static Look from(dev.selfsup.api.Settings settings) {
            int channels = settings.getInt("channels");
            if (channels == 2) {
                throw new dev.selfsup.api.data.DataException(settings.fullKey("channels") + " must be 1 or 3, got 2");
            }
            return new Look(settings.getInt("image"), channels, settings.getBoolean("invert"));
        }
    }

    IdxImageSource(LabelledImages data, int limit, List<String> classNames) {
        this(data, limit, classNames, Look.AS_STORED);
    }

    IdxImageSource(LabelledImages data, int limit, List<String> classNames, Look look) {
        this.data = data;
        this.size = limit > 0 ? Math.min(limit, data.images().count()) : data.images().count();
        this.classNames = classNames;
        this.look = look;
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
            float value = (raw[offset + i] & 0xFF) / 255f;
            values[i] = look.invert() ? 1f - value : value;
        }
        Image image = new Image(1, images.rows(), images.cols(), values);
        if (look.size() > 0 || look.channels() != 1) {
            image = restyled(image, images.rows(), images.cols());
        }
        return Sample.labelled(Sample.IMAGE, image, label(index));
    }

    /** The image at the asked size (bilinear) and channels (grey repeated). */
    private Image restyled(Image grey, int rows, int cols) {
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(cols, rows,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int v = Math.round(grey.pixel(0, y, x) * 255);
                picture.setRGB(x, y, 0xFF000000 | v << 16 | v << 8 | v);
            }
        }
        return new ImageFiles(look.channels(), look.size() > 0 ? look.size() : rows, ImageFiles.Fit.STRETCH, "black")
                .convert(picture);
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
