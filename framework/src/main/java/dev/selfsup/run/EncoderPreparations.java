package dev.selfsup.run;

import dev.selfsup.api.EncoderPreparation;
import dev.selfsup.api.SampleSource;
import dev.selfsup.data.AtomicFiles;
import dev.selfsup.embed.SavedEncoder;
import dev.selfsup.recipe.SavedEncoders;
import dev.selfsup.data.ErrorText;
import dev.selfsup.data.FileManifest;
import dev.selfsup.recipe.ValidatedRecipe;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Prepares a recipe's encoders that learn from the training data before their model is built
 * ({@link EncoderPreparation}): each into its own folder, written in a staging folder with a sha256 manifest and
 * moved into place when complete, and reused as it is when it is complete already (a resumed run prepares
 * nothing again).
 */
public final class EncoderPreparations {

    /** The manifest of a prepared folder. */
    public static final String MANIFEST = "manifest.json";

    private EncoderPreparations() {
    }

    /**
     * Prepares what is not prepared yet.
     *
     * @param recipe the recipe
     * @param folderOf where each encoder's artifacts go, by encoder name
     * @param train the training split
     * @param out where progress is printed
     * @return the artifact folders of the encoders that need them, by encoder name
     * @throws UncheckedIOException if a preparation fails, naming the encoder and folder
     */
    public static Map<String, Path> prepare(ValidatedRecipe recipe, Function<String, Path> folderOf,
                                            SampleSource train, PrintStream out) {
        Map<String, Path> prepared = new LinkedHashMap<>();
        recipe.encoders().forEach((name, choice) -> {
            if (!choice.needsPreparation()) {
                return;
            }
            Path folder = folderOf.apply(name);
            if (Files.exists(folder.resolve(MANIFEST)) && FileManifest.problem(folder, MANIFEST, List.of()).isEmpty()) {
                out.println("prepare: encoder '" + name + "' is prepared already (" + folder + ")");
            } else {
                long start = System.nanoTime();
                write(choice, folder, train);
                out.printf("prepare: encoder '%s' (%s) %s in %.1f s: %s%n", name, choice.provider().name(),
                        choice.settings().getString("from_run").isEmpty() ? String.format("prepared from %,d "
                                + "training samples", train.size()) : "taken from " + choice.settings()
                                .getString("from_run"), (System.nanoTime() - start) / 1e9, folder);
            }
            prepared.put(name, folder);
        });
        return prepared;
    }

    /** Copies the regular files under a folder (links not followed) into another, keeping relative paths. */
    private static void copyFiles(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            throw new IOException("the saved encoder has no prepared artifacts in " + source);
        }
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path file : walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    private static void write(ValidatedRecipe.EncoderChoice choice, Path folder, SampleSource train) {
        Path staging = folder.resolveSibling("." + folder.getFileName() + ".tmp");
        try {
            AtomicFiles.deleteTree(staging);
            Files.createDirectories(staging);
            String run = choice.settings().getString("from_run");
            if (run.isEmpty()) {
                choice.provider().preparation().orElseThrow().prepare(choice.settings(), train, staging);
            } else {
                // an encoder taken from a run keeps that run's artifacts (its tokenizer): its parameters fit them
                Path directory = SavedEncoders.directory(Path.of(run), choice.settings().getString("from_encoder"));
                SavedEncoder.verify(directory);
                copyFiles(SavedEncoder.artifacts(directory), staging);
            }
            List<String> files;
            try (Stream<Path> walk = Files.walk(staging)) {
                files = walk.filter(Files::isRegularFile).map(p -> staging.relativize(p).toString()).sorted().toList();
            }
            FileManifest.write(staging, MANIFEST, files, Map.of());
            AtomicFiles.deleteTree(folder);
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the " + choice.provider().name() + " encoder in " + folder
                    + ": " + ErrorText.describe(e), e);
        }
    }

}
