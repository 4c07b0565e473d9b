package dev.selfsup.vision.data;

import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.data.DataException;
import dev.selfsup.api.data.DataFiles;
import org.pf4j.Extension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@code image_folder} data set: any user's own images (PNG, JPEG, BMP, GIF; any size, colour or grey), one
 * folder per class ({@code labels: folders}) or a folder tree of unlabelled images; made square, resized and
 * converted to the channels asked for, split into train and test by a hash of each file's path.
 */
@Extension
public final class ImageFolderDatasetProvider implements DatasetProvider {

    /** The file name endings read as images. */
    static final Set<String> IMAGE_ENDINGS = Set.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addString("path", null, "the folder of images")
            .addChoice("labels", "folders", List.of("folders", "none"), "folders: each sub-folder of path is a class "
                    + "(named after it) holding its images, at any depth; none: every image under path, unlabelled")
            .build().merge(ImageRecords.SCHEMA);

    @Override
    public String name() {
        return "image_folder";
    }

    @Override
    public String description() {
        return "a folder of image files, one sub-folder per class or unlabelled; any size, colour or grey";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public DataDescription describe(Settings settings) {
        List<String> classes = settings.getString("labels").equals("folders")
                ? classFolders(Path.of(settings.getString("path"))).stream().map(p -> p.getFileName().toString())
                        .toList()
                : List.of();
        return new DataDescription(List.of(Sample.IMAGE), classes);
    }

    @Override
    public DatasetSplits open(Settings settings, RunContext context) {
        Path root = Path.of(settings.getString("path"));
        boolean labelled = settings.getString("labels").equals("folders");
        List<ImageRecord> records = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        if (labelled) {
            for (Path folder : classFolders(root)) {
                int label = classNames.size();
                classNames.add(folder.getFileName().toString());
                for (Path file : imageFiles(folder)) {
                    records.add(new ImageRecord(file, null, label, root.relativize(file).toString()));
                }
            }
        } else {
            for (Path file : imageFiles(root)) {
                records.add(new ImageRecord(file, null, -1, root.relativize(file).toString()));
            }
        }
        if (records.isEmpty()) {
            throw new DataException(settings.fullKey("path") + ": " + root + " holds no image files (" + IMAGE_ENDINGS
                    + ")");
        }
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset", name());
        provenance.put("path", root.toAbsolutePath().toString());
        provenance.put("files", Integer.toString(records.size()));
        return ImageRecords.split(records, settings, false, classNames, provenance);
    }

    /** The class folders: the sub-folders of the root, sorted by name. */
    private static List<Path> classFolders(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataException("data.path " + root + " is not a folder");
        }
        try (Stream<Path> children = Files.list(root)) {
            List<Path> folders = children.filter(Files::isDirectory).sorted().toList();
            if (folders.isEmpty()) {
                throw new DataException(root + " has no sub-folders to take classes from (labels: folders); use "
                        + "labels: none for unlabelled images");
            }
            return folders;
        } catch (IOException e) {
            throw new DataException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The image files under a folder, at any depth, sorted by path.
     *
     * @param folder the folder
     * @return the files
     */
    static List<Path> imageFiles(Path folder) {
        return DataFiles.list(folder, IMAGE_ENDINGS);
    }
}
