package dev.selfsup.data;

import dev.selfsup.api.data.Sha256;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JSON file in a folder recording the SHA-256 of files in it (by path relative to the folder), so that
 * what was written can be checked before it is trusted: checkpoints, a trained encoder, saved probes, an
 * unpacked data package. Layout: {@code {"sha256": {"<relative path>": "<hex>", ...}, ...extra fields}}.
 */
public final class FileManifest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FileManifest() {
    }

    /**
     * Hashes files and writes (replacing) a manifest of them, atomically and fsynced.
     *
     * @param folder the folder the paths are relative to
     * @param manifestName the manifest's file name inside {@code folder}
     * @param files relative paths of the files to record
     * @param extra further top-level fields (e.g. the checkpoint's step)
     * @throws IOException naming the manifest if it cannot be written
     */
    public static void write(Path folder, String manifestName, Collection<String> files, Map<String, Object> extra)
            throws IOException {
        Map<String, String> sums = new TreeMap<>();
        for (String name : files) {
            sums.put(name, Sha256.of(folder.resolve(name)));
        }
        store(folder.resolve(manifestName), sums, extra);
    }

    /**
     * Checks every file a manifest lists, and that it lists the required ones.
     *
     * @param folder the folder the paths are relative to
     * @param manifestName the manifest's file name inside {@code folder}
     * @param required files the manifest must list
     * @return an empty string if all is well, else what is wrong (naming the file)
     */
    public static String problem(Path folder, String manifestName, Collection<String> required) {
        return check(folder, manifestName, required, true);
    }

    /**
     * Checks only the given files against a manifest that may list others too.
     *
     * @param folder the folder the paths are relative to
     * @param manifestName the manifest's file name inside {@code folder}
     * @param files the files to check; each must be listed
     * @return an empty string if all is well, else what is wrong (naming the file)
     */
    public static String problemOf(Path folder, String manifestName, Collection<String> files) {
        return check(folder, manifestName, files, false);
    }

    private static String check(Path folder, String manifestName, Collection<String> required, boolean everyEntry) {
        JsonNode sums;
        try {
            sums = table(folder.resolve(manifestName));
        } catch (IOException e) {
            return e.getMessage();
        }
        for (String name : required) {
            if (!sums.has(name)) {
                return name + " missing from " + manifestName;
            }
        }
        List<String> checked = new ArrayList<>(required);
        if (everyEntry) {
            checked.clear();
            sums.fieldNames().forEachRemaining(checked::add);
        }
        for (String name : checked) {
            String problem = fileProblem(folder, name, sums.get(name).asText());
            if (!problem.isEmpty()) {
                return problem;
            }
        }
        return "";
    }

    private static String fileProblem(Path folder, String name, String expected) {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            return name + (Files.exists(file) ? " is not a regular file" : " missing");
        }
        if (!Sha256.of(file).equals(expected)) {
            return name + " does not match its sha256 in the manifest (modified, truncated or corrupt)";
        }
        return "";
    }

    private static JsonNode table(Path manifest) throws IOException {
        if (!Files.isRegularFile(manifest)) {
            throw new IOException(manifest + (Files.exists(manifest) ? " is not a regular file" : " missing"));
        }
        JsonNode root;
        try {
            root = JSON.readTree(manifest.toFile());
        } catch (IOException e) {
            throw new IOException(manifest + " unreadable: " + e.getMessage(), e);
        }
        JsonNode sums = root == null ? null : root.get("sha256");
        if (sums == null || !sums.isObject()) {
            throw new IOException(manifest + " has no sha256 table");
        }
        return sums;
    }

    private static void store(Path manifest, Map<String, String> sums, Map<String, Object> extra) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        extra.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        ObjectNode table = root.putObject("sha256");
        sums.forEach(table::put);
        AtomicFiles.write(manifest, temp -> {
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), root);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        });
    }
}
