package dev.selfsup.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.selfsup.data.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one home of the names of a run's saved protocol models, shared by the evaluation that writes them and the
 * embedding API that reads them back. A model is saved under a base name
 * {@code <protocol>-<representation>-f<fraction>} (e.g. {@code logistic-pretrained-f0.01}); the protocol adds its
 * own files to it ({@code .tribuo}, {@code .standardizer.json}, {@code .mlp.params}...), and a
 * {@code <base>.protocol.json} beside them says which protocol, with which settings, wrote them, so that
 * {@code predict} can load them back. The evaluation folder's manifest holds every file's sha256.
 */
public final class ProtocolFiles {

    /** The sha256 manifest of an evaluation folder. */
    public static final String MANIFEST = "manifest.json";

    private static final String DESCRIPTOR = ".protocol.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ProtocolFiles() {
    }

    /**
     * What wrote a saved model.
     *
     * @param protocol the protocol's name in the recipe
     * @param type its extension name
     * @param settings its settings, as plain values
     * @param files the model's files (names in the evaluation folder)
     */
    public record Descriptor(String protocol, String type, Map<String, Object> settings, List<String> files) {
    }

    /**
     * Returns the base name of a saved model.
     *
     * @param protocol the protocol's name
     * @param representation e.g. {@code pretrained}
     * @param fraction the label fraction
     * @return {@code <protocol>-<representation>-f<fraction>}
     */
    public static String baseName(String protocol, String representation, double fraction) {
        return protocol + "-" + representation.replaceAll("[^A-Za-z0-9_.-]", "_") + "-f" + fractionText(fraction);
    }

    /**
     * Returns one of a saved model's files: its base path with the protocol's extension.
     *
     * @param saveAs the model's base path
     * @param extension e.g. {@code .tribuo}, {@code .mlp.params}
     * @return the file beside the base path
     */
    public static Path sibling(Path saveAs, String extension) {
        return saveAs.resolveSibling(saveAs.getFileName() + extension);
    }

    /**
     * Writes the descriptor of a saved model.
     *
     * @param directory the evaluation folder
     * @param base the model's base name
     * @param descriptor what wrote it
     * @return the descriptor file
     * @throws IOException if it cannot be written
     */
    public static Path writeDescriptor(Path directory, String base, Descriptor descriptor) throws IOException {
        Path file = directory.resolve(base + DESCRIPTOR);
        byte[] bytes = JSON.writeValueAsBytes(descriptor);
        AtomicFiles.write(file, temp -> Files.write(temp, bytes));
        return file;
    }

    /**
     * Reads the descriptor of a saved model.
     *
     * @param directory the evaluation folder
     * @param base the model's base name
     * @return what wrote it
     * @throws IOException if it is missing or unreadable
     */
    public static Descriptor readDescriptor(Path directory, String base) throws IOException {
        return JSON.readValue(directory.resolve(base + DESCRIPTOR).toFile(), Descriptor.class);
    }

    /**
     * Returns the descriptor file of a saved model.
     *
     * @param directory the evaluation folder
     * @param base the model's base name
     * @return {@code <base>.protocol.json}
     */
    public static Path descriptorFile(Path directory, String base) {
        return directory.resolve(base + DESCRIPTOR);
    }

    /**
     * Lists the models saved for the pretrained encoder, by increasing label fraction.
     *
     * @param directory the evaluation folder
     * @return base names such as {@code logistic-pretrained-f0.01}; empty if there is no folder
     */
    public static List<String> pretrainedModels(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(DESCRIPTOR))
                    .map(n -> n.substring(0, n.length() - DESCRIPTOR.length()))
                    .filter(n -> n.matches(".+-" + EvaluationReport.PRETRAINED + "-f[0-9.]+"))
                    .sorted(Comparator.comparingDouble((String n) -> Double.parseDouble(
                            n.substring(n.lastIndexOf("-f") + 2))).thenComparing(n -> n))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /**
     * Writes a fraction without trailing zeros, as file names and reports show it.
     *
     * @param fraction the fraction
     * @return e.g. {@code 0.01}, {@code 0.1}, {@code 1}
     */
    public static String fractionText(double fraction) {
        return BigDecimal.valueOf(fraction).stripTrailingZeros().toPlainString();
    }
}
