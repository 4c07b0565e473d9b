package dev.selfsup.vision.data;

import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.Image;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.data.DataException;
import dev.selfsup.vision.image.ImageFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What the data sets read from image files share: the settings of how files become images, the split by group into
 * train and test (deterministic, independent of the run seed, so every run of a data set sees the same test set),
 * and decoding in parallel into memory.
 */
final class ImageRecords {

    /** The settings every image-file data set has. */
    static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addInt("image", 32, 4, 1024, "side of the square images made from the files")
            .addInt("channels", 3, 1, 3, "1 (grey) or 3 (RGB)")
            .addChoice("fit", "pad", ImageFiles.FITS, "a picture that is not square: fitted inside and padded "
                    + "(aspect kept) or stretched")
            .addChoice("background", "white", ImageFiles.BACKGROUNDS, "what transparency and padding become")
            .addDouble("test_fraction", 0.2, 0.0, 0.9, "share of the groups (pictures) held out as the test split, "
                    + "chosen by a hash of each group's key")
            .build();

    private ImageRecords() {
    }

    /**
     * Checks the settings {@link #SCHEMA} validates only one by one.
     *
     * @param settings the data section
     * @return the reader they describe
     */
    static ImageFiles reader(Settings settings) {
        int channels = settings.getInt("channels");
        if (channels == 2) {
            throw new DataException(settings.fullKey("channels") + " must be 1 or 3, got 2");
        }
        return new ImageFiles(channels, settings.getInt("image"), ImageFiles.Fit.of(settings.getString("fit")),
                settings.getString("background"));
    }

    /**
     * Whether a group belongs to the test split: the first 8 bytes of the SHA-256 of its key, as a fraction of
     * 2^64, below the test fraction.
     *
     * @param group the group key
     * @param testFraction the test share
     * @return true for the test split
     */
    static boolean inTest(String group, double testFraction) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(group.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = bits << 8 | (digest[i] & 0xFF);
            }
            return bits / (double) (1L << 56) < testFraction;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Splits records by group and decodes both sides.
     *
     * @param records the records
     * @param settings the data section ({@link #SCHEMA})
     * @param captions whether the samples carry their caption
     * @param classNames the class names, empty when unlabelled
     * @param provenance facts to record
     * @return the splits
     */
    static DatasetSplits split(List<ImageRecord> records, Settings settings, boolean captions, List<String> classNames,
                               Map<String, String> provenance) {
        ImageFiles reader = reader(settings);
        double testFraction = settings.getDouble("test_fraction");
        List<ImageRecord> train = new ArrayList<>();
        List<ImageRecord> test = new ArrayList<>();
        for (ImageRecord record : records) {
            (inTest(record.group(), testFraction) ? test : train).add(record);
        }
        return new DatasetSplits(decode(train, reader, captions, classNames),
                decode(test, reader, captions, classNames), provenance);
    }

    private static DecodedImages decode(List<ImageRecord> records, ImageFiles reader, boolean captions,
                                        List<String> classNames) {
        Image[] images = new Image[records.size()];
        IntStream.range(0, records.size()).parallel().forEach(i -> {
            try {
                images[i] = reader.read(records.get(i).file());
            } catch (IOException e) {
                throw new DataException(e.getMessage(), e);
            }
        });
        List<String> texts = captions ? records.stream().map(ImageRecord::caption).toList() : null;
        int[] labels = classNames.isEmpty() ? null : records.stream().mapToInt(ImageRecord::label).toArray();
        return new DecodedImages(List.of(images), texts, labels, classNames);
    }
}
