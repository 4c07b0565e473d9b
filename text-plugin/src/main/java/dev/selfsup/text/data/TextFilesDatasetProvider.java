package dev.selfsup.text.data;

import dev.selfsup.api.DataStore;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.data.DataException;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code text_files} data set: a user's own text, in any of the layouts {@link TextSources} reads: a folder of
 * {@code .txt} files (a document per file or per line), a folder per label, JSON Lines or CSV with a text field
 * (and a label field). The test side is {@code test_path} in the same layout, or a seeded share of the documents.
 */
@Extension
public final class TextFilesDatasetProvider extends TextDatasetProvider {

    private static final List<String> FORMATS = List.of("files", "lines", "labelled_folders", "jsonl", "csv");

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addString("path", null, "the training text: a folder (files, lines, labelled_folders) or a file (jsonl, "
                    + "csv)")
            .addChoice("format", "files", FORMATS, "files: a document per .txt file; lines: a document per line; "
                    + "labelled_folders: <path>/<label>/*.txt; jsonl or csv: a record per document")
            .addString("text_field", "text", "jsonl/csv: the field or column holding the text")
            .addString("label_field", "", "jsonl/csv: the field or column holding the label (empty: unlabelled)")
            .addString("test_path", "", "the test text in the same layout (empty: a share of path)")
            .addDouble("test_fraction", 0.2, 0.0, 0.9, "without test_path: the share of documents held out")
            .addInt("split_seed", 0, 0, Integer.MAX_VALUE, "without test_path: the seed of the split")
            .build();

    /**
     * Creates the provider.
     *
     * @param store the framework's data store (injected)
     */
    @Inject
    public TextFilesDatasetProvider(DataStore store) {
        super(store, SCHEMA);
    }

    @Override
    public String name() {
        return "text_files";
    }

    @Override
    public String description() {
        return "your own text: a folder of .txt files (per file or per line), a folder per label, JSONL or CSV";
    }

    @Override
    List<String> classNames(Settings settings) {
        return List.of(); // known once the files are read
    }

    @Override
    TextSplit read(Settings settings, PackageSource packages) {
        TextSources.Corpus train = corpus(settings, Path.of(settings.getString("path")));
        String testPath = settings.getString("test_path");
        if (!testPath.isEmpty()) {
            TextSources.Corpus test = corpus(settings, Path.of(testPath));
            return new TextSplit(train.documents(), test.documents(), train.blank() + test.blank());
        }
        List<TextDocument> documents = new ArrayList<>(train.documents());
        SplittableRandom random = new SplittableRandom(settings.getInt("split_seed"));
        for (int i = documents.size() - 1; i > 0; i--) {
            java.util.Collections.swap(documents, i, random.nextInt(i + 1));
        }
        int held = (int) Math.round(settings.getDouble("test_fraction") * documents.size());
        return new TextSplit(documents.subList(held, documents.size()), documents.subList(0, held), train.blank());
    }

    private static TextSources.Corpus corpus(Settings settings, Path path) {
        String label = settings.getString("label_field");
        try {
            TextSources.Corpus corpus = switch (settings.getString("format")) {
                case "files" -> TextSources.folder(path, false, null);
                case "lines" -> TextSources.folder(path, true, null);
                case "labelled_folders" -> TextSources.labelledFolders(path);
                case "jsonl" -> TextSources.jsonl(path, settings.getString("text_field"), label.isEmpty() ? null : label);
                default -> TextSources.csv(path, settings.getString("text_field"), label.isEmpty() ? null : label);
            };
            if (corpus.documents().isEmpty()) {
                throw new DataException(path + " holds no text (" + corpus.blank() + " blank documents)");
            }
            return corpus;
        } catch (IOException e) {
            throw new DataException(e.getMessage(), e);
        }
    }
}
