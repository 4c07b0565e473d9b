package dev.selfsup.vision.data;

import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.data.DataException;
import dev.selfsup.api.data.Sha256;
import org.pf4j.Extension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code image_text_pairs} data set: a CSV or JSONL file of image paths (relative to the file) and captions,
 * optionally with a class label; samples carry both {@link Sample#IMAGE} and {@link Sample#TEXT}. Split by image,
 * so an image with several captions is on one side only.
 */
@Extension
public final class ImageTextPairsDatasetProvider implements DatasetProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addString("path", null, "the .csv (with a header row) or .jsonl file of pairs")
            .addString("image_column", "image", "the column holding the image file's path, relative to the file")
            .addString("caption_column", "caption", "the column holding the caption")
            .addString("label_column", "", "the column holding a class name, for the evaluation (empty: unlabelled)")
            .build().merge(ImageRecords.SCHEMA);

    @Override
    public String name() {
        return "image_text_pairs";
    }

    @Override
    public String description() {
        return "pairs of image file and caption from a CSV or JSONL file, optionally labelled";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public DataDescription describe(Settings settings) {
        List<String> classes = settings.getString("label_column").isEmpty() ? List.of() : classes(read(settings));
        return new DataDescription(List.of(Sample.IMAGE, Sample.TEXT), classes);
    }

    @Override
    public DatasetSplits open(Settings settings, RunContext context) {
        List<PairsFile.Row> rows = read(settings);
        String labelColumn = settings.getString("label_column");
        List<String> classes = labelColumn.isEmpty() ? List.of() : classes(rows);
        Path file = Path.of(settings.getString("path"));
        Path base = file.toAbsolutePath().getParent();
        List<ImageRecord> records = new ArrayList<>();
        for (PairsFile.Row row : rows) {
            String image = row.values().get(settings.getString("image_column"));
            Path imageFile = base.resolve(image).normalize();
            if (!Files.isRegularFile(imageFile)) {
                throw new DataException(row.where() + ": image file " + imageFile + " does not exist");
            }
            String caption = row.values().get(settings.getString("caption_column"));
            if (caption.isBlank()) {
                throw new DataException(row.where() + ": the caption is empty");
            }
            int label = labelColumn.isEmpty() ? -1 : classes.indexOf(row.values().get(labelColumn));
            records.add(new ImageRecord(imageFile, caption, label, base.relativize(imageFile).toString()));
        }
        if (records.isEmpty()) {
            throw new DataException(file + " holds no pairs");
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset", name());
        provenance.put("path", file.toAbsolutePath().toString());
        provenance.put("sha256", Sha256.of(file));
        provenance.put("pairs", Integer.toString(records.size()));
        return ImageRecords.split(records, settings, true, classes, provenance);
    }

    private static List<PairsFile.Row> read(Settings settings) {
        Path file = Path.of(settings.getString("path"));
        List<String> columns = new ArrayList<>(List.of(settings.getString("image_column"),
                settings.getString("caption_column")));
        if (!settings.getString("label_column").isEmpty()) {
            columns.add(settings.getString("label_column"));
        }
        try {
            return PairsFile.read(file, columns);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataException(settings.fullKey("path") + ": " + file + " does not exist", e);
        } catch (IOException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    private static List<String> classes(List<PairsFile.Row> rows) {
        TreeSet<String> names = new TreeSet<>();
        rows.forEach(row -> names.add(row.values().values().stream().skip(2).findFirst().orElseThrow()));
        return List.copyOf(names);
    }
}
