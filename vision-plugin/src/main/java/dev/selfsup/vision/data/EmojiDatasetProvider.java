package dev.selfsup.vision.data;

import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DataStore;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.data.PinnedPackage;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code emoji} data set: the 881 emoji of emojify.js (Debian's {@code libjs-emojify}), 64x64 colour pictures,
 * each captioned by its short code ({@code athletic_shoe} becomes "athletic shoe"), unlabelled. Small, but it names
 * everyday objects (clothes, food, animals, vehicles) in plain words: appended to a larger caption set
 * ({@code data.extra}) it teaches an aligned model those words.
 */
@Extension
public final class EmojiDatasetProvider implements DatasetProvider {

    /** The pictures. */
    static final PinnedPackage EMOJIFY = PinnedPackage.debian("libjs-emojify", "1.1.0+dfsg-2",
            "pool/main/libj/libjs-emojify/libjs-emojify_1.1.0+dfsg-2_all.deb",
            "2df05fe301be90433f793e4f807483e2c4a4ec810cbdb94bb932274ca29b6fd7");
    private static final String PICTURES = "usr/share/javascript/emojify.js/images/emoji";

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addString("path", "", "a folder of emoji pictures named by short code instead of the pinned package")
            .build().merge(ImageRecords.SCHEMA);

    private final DataStore store;

    /**
     * Creates the provider.
     *
     * @param store the framework's data store (injected)
     */
    @Inject
    public EmojiDatasetProvider(DataStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return "emoji";
    }

    @Override
    public String description() {
        return "881 emoji pictures captioned by their short codes, unlabelled (Debian libjs-emojify)";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public DataDescription describe(Settings settings) {
        return new DataDescription(List.of(Sample.IMAGE, Sample.TEXT), List.of());
    }

    @Override
    public DatasetSplits open(Settings settings, RunContext context) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset", name());
        Path folder;
        if (settings.getString("path").isEmpty()) {
            folder = store.require(context.dataRoot(), EMOJIFY, context.fetchAllowed()).resolve(PICTURES);
            provenance.put(EMOJIFY.id(), EMOJIFY.sha256());
        } else {
            folder = Path.of(settings.getString("path"));
            provenance.put("path", folder.toAbsolutePath().toString());
        }
        List<ImageRecord> records = new ArrayList<>();
        for (Path file : ImageFolderDatasetProvider.imageFiles(folder)) {
            String name = file.getFileName().toString();
            String code = name.substring(0, name.lastIndexOf('.'));
            records.add(new ImageRecord(file, code.replace('_', ' ').replace('-', ' ').strip(), -1, code));
        }
        provenance.put("pairs", Integer.toString(records.size()));
        return ImageRecords.split(records, settings, true, List.of(), provenance);
    }
}
