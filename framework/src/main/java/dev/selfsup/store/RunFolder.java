package dev.selfsup.store;

import dev.selfsup.data.AtomicFiles;
import dev.selfsup.data.ErrorText;
import dev.selfsup.api.TaskContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of one run: {@code <output>/<name>/<yyyyMMdd-HHmmss>/} with the resolved recipe, provenance,
 * metrics, checkpoints, the trained encoder and the evaluation.
 *
 * @param root the run folder
 */
public record RunFolder(Path root) {

    private static final String NAMED_ENCODERS = "encoders";
    private static final String EXPORTS = "exports";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * Creates a new, uniquely named run folder.
     *
     * @param output the output folder
     * @param name the recipe name
     * @return the run folder
     */
    public static RunFolder create(Path output, String name) {
        String stamp = LocalDateTime.now().format(STAMP);
        try {
            Path parent = Files.createDirectories(inside(output, name));
            Path created = null;
            for (int i = 0; created == null; i++) {
                try { // createDirectory fails if the folder exists, so two runs started together never share one
                    created = Files.createDirectory(parent.resolve(i == 0 ? stamp : stamp + "-" + i));
                } catch (FileAlreadyExistsException taken) {
                    // try the next suffix
                }
            }
            RunFolder folder = new RunFolder(created);
            Files.createDirectories(folder.evalDirectory());
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run folder under " + output + ": "
                    + ErrorText.describe(e), e);
        }
    }

    /**
     * Opens an existing run folder, to resume or evaluate it.
     *
     * @param root the folder
     * @return the run folder
     * @throws IllegalArgumentException if it is not a run folder (missing, not a folder, or without
     *     {@code recipe.resolved.yaml})
     */
    public static RunFolder open(Path root) {
        if (!Files.exists(root)) {
            throw new IllegalArgumentException("run folder " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is a file, not a run folder");
        }
        RunFolder folder = new RunFolder(root);
        if (!Files.isRegularFile(folder.resolvedRecipe())) {
            throw new IllegalArgumentException(root + " is not a run folder: it has no recipe.resolved.yaml"
                    + (Files.exists(folder.resolvedRecipe()) ? " file" : ""));
        }
        return folder;
    }

    /**
     * Takes the run folder for this process: holds an operating-system lock on {@code run.lock} until closed,
     * so that two processes (or two runs in one process) never train in or evaluate the same folder at once.
     * The lock is released when the process dies, so a crash leaves no stale lock.
     *
     * @return the held lock; close it when the run ends
     * @throws RunFolderInUseException if another run holds it, naming its process
     */
    public RunLock lock() {
        return RunLock.acquire(root.resolve("run.lock"));
    }

    /**
     * Removes this folder (and its parent {@code <output>/<name>} if that is left empty) when nothing was
     * trained in it: no metric record and no checkpoint. Called when a new run fails before training, so
     * failures leave no empty run folders behind.
     *
     * @return true if it was removed
     */
    public boolean removeIfNothingTrained() {
        try {
            boolean trained = Files.exists(metrics()) && Files.size(metrics()) > 0
                    || Files.isDirectory(checkpoints()) && !isEmpty(checkpoints());
            if (trained) {
                return false;
            }
            AtomicFiles.deleteTree(root);
            Path parent = root.getParent();
            if (parent != null && isEmpty(parent)) {
                Files.delete(parent);
            }
            return true;
        } catch (IOException e) {
            return false; // leaving the folder is harmless; the run's own error is what the user needs
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    /** @return {@code plots/loss.png} */
    public Path lossPlot() {
        return root.resolve("plots").resolve("loss.png");
    }

    /** @return {@code plots/task-metrics.png}: the pretext task's own metrics over the steps */
    public Path taskMetricsPlot() {
        return root.resolve("plots").resolve("task-metrics.png");
    }

    /** @return {@code plots/label-efficiency.png} */
    public Path labelEfficiencyPlot() {
        return root.resolve("plots").resolve("label-efficiency.png");
    }

    /** @return {@code eval/report.html} */
    public Path reportHtml() {
        return evalDirectory().resolve("report.html");
    }

    /** @return {@code recipe.resolved.yaml} */
    public Path resolvedRecipe() {
        return root.resolve("recipe.resolved.yaml");
    }

    /** @return {@code provenance.json} */
    public Path provenance() {
        return root.resolve("provenance.json");
    }

    /** @return {@code metrics.jsonl} */
    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    /** @return the {@code checkpoints} folder */
    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /**
     * Returns the folder of one trained encoder: the one home of this naming, shared by writer and readers.
     *
     * @param name the encoder's recipe name
     * @return {@code encoder} for a recipe's single encoder ({@value TaskContext#DEFAULT_ENCODER}),
     *     {@code encoders/<name>} for a named one
     */
    public Path encoderDirectory(String name) {
        return TaskContext.DEFAULT_ENCODER.equals(name) ? root.resolve("encoder")
                : inside(root.resolve(NAMED_ENCODERS), name);
    }

    /**
     * Returns the folder of a part the pretext task exports beside its encoders.
     *
     * @param name the export's name ({@link dev.selfsup.api.PretextTask#exports()})
     * @return {@code exports/<name>}
     */
    public Path exportDirectory(String name) {
        return inside(root.resolve(EXPORTS), name);
    }

    /**
     * Resolves a name that a recipe or a plugin chose (an encoder's, an export's) as one folder directly under
     * {@code parent}: a name that is empty, {@code .} or {@code ..}, or holds a path separator, would put files
     * outside the run folder or somewhere unexpected in it, and is refused.
     */
    private static Path inside(Path parent, String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")
                || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + name + "' cannot name a folder of the run: it must be a plain "
                    + "name, without path separators, '.' or '..'");
        }
        return parent.resolve(name);
    }

    /**
     * Returns the names of the parts the run's task exported.
     *
     * @return the names, sorted
     */
    public List<String> exports() {
        return subfolders(root.resolve(EXPORTS));
    }

    /**
     * Returns the folder where an encoder's preparation writes its artifacts (see
     * {@link dev.selfsup.api.EncoderPreparation}).
     *
     * @param name the encoder's recipe name
     * @return {@code prepared/<name>}
     */
    public Path preparedDirectory(String name) {
        return inside(root.resolve("prepared"), name);
    }

    /**
     * Returns the names of the run's named encoders (those of {@code encoders: {name: ...}}).
     *
     * @return the names, sorted; empty for a run with a single {@code encoder:}
     */
    public List<String> namedEncoders() {
        return subfolders(root.resolve(NAMED_ENCODERS));
    }

    private static List<String> subfolders(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(parent)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + parent + ": " + ErrorText.describe(e), e);
        }
    }

    /** @return the {@code eval} folder: reports and Tribuo models */
    public Path evalDirectory() {
        return root.resolve("eval");
    }

    /** @return the folder an evaluation is written into before it replaces {@code eval} */
    public Path evalStaging() {
        return root.resolve(".eval-in-progress");
    }

    /** @return {@code eval/report.md} */
    public Path reportMarkdown() {
        return evalDirectory().resolve("report.md");
    }

    /** @return {@code eval/report.json} */
    public Path reportJson() {
        return evalDirectory().resolve("report.json");
    }
}
