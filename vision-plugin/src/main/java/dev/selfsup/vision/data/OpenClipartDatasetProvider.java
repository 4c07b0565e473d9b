package dev.selfsup.vision.data;

import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DataStore;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.data.DataException;
import dev.selfsup.api.data.PinnedPackage;
import jakarta.inject.Inject;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code openclipart} data set: Open Clip Art Library 0.18 (Debian's {@code openclipart-png} and
 * {@code openclipart-svg}), 8,121 drawings, each PNG paired with a caption from its SVG's metadata
 * ({@link ClipartCaptions}: collections' titles filtered out) and labelled by its top-level category. Colour
 * images, alpha flattened on white, fitted into squares. Split by picture group (variants of one title together).
 */
@Extension
public final class OpenClipartDatasetProvider implements DatasetProvider {

    /** The rendered pictures. */
    static final PinnedPackage PNG = PinnedPackage.debian("openclipart-png", "0.18+dfsg-19",
            "pool/main/o/openclipart/openclipart-png_0.18+dfsg-19_all.deb",
            "f07f1545a2970c2cf3fa339bc2405da1a95cf2b1827bfa05bf73eb1c20291c02");
    /** The drawings, for their metadata. */
    static final PinnedPackage SVG = PinnedPackage.debian("openclipart-svg", "0.18+dfsg-19",
            "pool/main/o/openclipart/openclipart-svg_0.18+dfsg-19_all.deb",
            "989712d90d57dfa3230049f553bb43b76c30ee4d4b8c5f6e106e33f7db5cbdc5");
    /**
     * The top-level categories with at least 40 captioned pictures, "special" and "unsorted" (not subjects) left
     * out: 3,221 of the 3,534 captioned pictures.
     */
    static final List<String> CATEGORIES = List.of("animals", "buildings", "computer", "education", "food",
            "geography", "office", "people", "plants", "recreation", "shapes", "signs_and_symbols", "tools",
            "transportation");
    private static final String ROOT = "usr/share/openclipart";
    private static final Logger LOG = LoggerFactory.getLogger(OpenClipartDatasetProvider.class);

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addString("path", "", "an unpacked openclipart folder (with png/ and svg/) instead of the pinned packages")
            .addChoiceList("categories", CATEGORIES, CATEGORIES, "the top-level categories kept, the classes of "
                    + "the evaluation; pictures of other categories are left out")
            .addInt("collection_title_count", 10, 2, 1_000_000, "a title (or description) shared by at least this "
                    + "many pictures names a collection, not a picture: such pictures are left out (descriptions "
                    + "dropped)")
            .addInt("max_caption_words", 40, 1, 10_000, "captions are cut to this many words")
            .build().merge(ImageRecords.SCHEMA);

    private final DataStore store;

    /**
     * Creates the provider.
     *
     * @param store the framework's data store (injected)
     */
    @Inject
    public OpenClipartDatasetProvider(DataStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "openclipart";
    }

    @Override
    public String description() {
        return "Open Clip Art 0.18: captioned colour drawings in 14 categories (Debian openclipart-png/-svg)";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public DataDescription describe(Settings settings) {
        return new DataDescription(List.of(Sample.IMAGE, Sample.TEXT), settings.getStringList("categories"));
    }

    @Override
    public DatasetSplits open(Settings settings, RunContext context) {
        Path png;
        Path svg;
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset", name());
        if (settings.getString("path").isEmpty()) {
            svg = store.require(context.dataRoot(), SVG, context.fetchAllowed()).resolve(ROOT).resolve("svg");
            png = store.require(context.dataRoot(), PNG, context.fetchAllowed()).resolve(ROOT).resolve("png");
            for (PinnedPackage pinned : List.of(PNG, SVG)) {
                provenance.put(pinned.id(), pinned.sha256());
            }
        } else {
            Path root = Path.of(settings.getString("path"));
            svg = root.resolve("svg");
            png = root.resolve("png");
            provenance.put("path", root.toAbsolutePath().toString());
        }
        List<String> categories = settings.getStringList("categories");
        List<Path> drawings = svgFiles(svg);
        List<ClipartMetadata> metadata = new ArrayList<>(drawings.size());
        int unreadable = 0;
        for (Path drawing : drawings) {
            try {
                metadata.add(ClipartMetadata.read(drawing));
            } catch (IOException e) {
                // the package has drawings whose XML no parser accepts (one declares version "1"): left out, counted
                LOG.warn("openclipart: left out, metadata unreadable: {}", e.getMessage());
                metadata.add(new ClipartMetadata("", "", List.of()));
                unreadable++;
            }
        }
        ClipartCaptions captions = new ClipartCaptions(metadata, settings.getInt("collection_title_count"),
                settings.getInt("max_caption_words"));
        List<ImageRecord> records = new ArrayList<>();
        int collections = -unreadable; // unreadable drawings have no title: not counted as a collection's
        int otherCategories = 0;
        for (int i = 0; i < drawings.size(); i++) {
            Path relative = svg.relativize(drawings.get(i));
            int label = categories.indexOf(relative.getName(0).toString());
            if (!captions.captioned(metadata.get(i))) {
                collections++;
            } else if (label < 0) {
                otherCategories++;
            } else {
                String name = relative.toString();
                Path picture = png.resolve(name.substring(0, name.length() - ".svg".length()) + ".png");
                if (!Files.isRegularFile(picture)) {
                    throw new DataException(picture + " is missing: the drawing " + drawings.get(i)
                            + " has no rendered picture");
                }
                records.add(new ImageRecord(picture, captions.caption(metadata.get(i)), label,
                        ClipartCaptions.group(metadata.get(i))));
            }
        }
        LOG.info("openclipart: {} drawings, {} captioned pictures kept; left out: {} titled by a collection or "
                + "untitled, {} of other categories, {} unreadable", drawings.size(), records.size(), collections,
                otherCategories, unreadable);
        provenance.put("drawings", Integer.toString(drawings.size()));
        provenance.put("pairs", Integer.toString(records.size()));
        provenance.put("left_out_collection_titles", Integer.toString(collections));
        provenance.put("left_out_other_categories", Integer.toString(otherCategories));
        provenance.put("left_out_unreadable", Integer.toString(unreadable));
        return ImageRecords.split(records, settings, true, categories, provenance);
    }

    private static List<Path> svgFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder + " is not a folder (an openclipart folder has svg/ and png/)");
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".svg"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new DataException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }
}
