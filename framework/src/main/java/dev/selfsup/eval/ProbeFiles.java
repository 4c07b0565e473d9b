package dev.selfsup.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one home of the names of a run's saved probes, shared by the evaluation that writes them and the
 * embedding API that reads them back: {@code <probe>-<representation>-f<fraction>.tribuo} (e.g.
 * {@code logistic-pretrained-f0.01.tribuo}), a logistic probe's feature statistics beside it
 * ({@code <name>.standardizer.json}), and the evaluation folder's manifest.
 */
public final class ProbeFiles {

    /** The sha256 manifest of an evaluation folder. */
    public static final String MANIFEST = "manifest.json";

    private static final String MODEL = ".tribuo";
    private static final String STATISTICS = ".standardizer.json";
    private static final String PRETRAINED = "-" + EvaluationReport.PRETRAINED + "-f";

    private ProbeFiles() {
    }

    /**
     * Returns the file of one probe.
     *
     * @param directory the evaluation folder
     * @param probeType e.g. {@code logistic}
     * @param representation e.g. {@code pretrained}
     * @param fraction the label fraction
     * @return {@code <probe>-<representation>-f<fraction>.tribuo}
     */
    public static Path modelFile(Path directory, String probeType, String representation, double fraction) {
        return modelFile(directory, probeType + "-" + representation.replaceAll("[^A-Za-z0-9_.-]", "_") + "-f"
                + fractionText(fraction));
    }

    /**
     * Returns the file of a probe by name.
     *
     * @param directory the evaluation folder
     * @param name e.g. {@code logistic-pretrained-f1}
     * @return the {@code .tribuo} file
     */
    public static Path modelFile(Path directory, String name) {
        return directory.resolve(name + MODEL);
    }

    /**
     * Returns a probe's name.
     *
     * @param modelFile its {@code .tribuo} file
     * @return the file name without the extension
     */
    public static String name(Path modelFile) {
        String file = modelFile.getFileName().toString();
        return file.endsWith(MODEL) ? file.substring(0, file.length() - MODEL.length()) : file;
    }

    /**
     * Returns where the feature statistics of a saved probe are kept (logistic probes only).
     *
     * @param modelFile the probe's {@code .tribuo} file
     * @return {@code <name>.standardizer.json} beside it
     */
    public static Path standardizerFile(Path modelFile) {
        return modelFile.resolveSibling(name(modelFile) + STATISTICS);
    }

    /**
     * Returns whether a probe is a logistic regression (and so has feature statistics).
     *
     * @param name the probe's name
     * @return true for {@code logistic-...}
     */
    public static boolean isLogistic(String name) {
        return name.startsWith(ProbeSpec.LOGISTIC + "-");
    }

    /**
     * Lists the probes trained on the pretrained encoder, by increasing label fraction.
     *
     * @param directory the evaluation folder
     * @return probe names such as {@code logistic-pretrained-f0.01}; empty if there is no folder
     */
    public static List<String> pretrainedProbes(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().endsWith(MODEL)).map(ProbeFiles::name)
                    .filter(n -> n.matches("[a-z]+" + PRETRAINED + ".*"))
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
    static String fractionText(double fraction) {
        return BigDecimal.valueOf(fraction).stripTrailingZeros().toPlainString();
    }
}
