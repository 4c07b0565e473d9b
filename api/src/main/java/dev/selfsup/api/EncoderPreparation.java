package dev.selfsup.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * How an {@link EncoderProvider} prepares its encoders from the training data before their model is built: a
 * tokenizer's vocabulary, normalisation statistics. The framework calls {@link #prepare} once per run, into an
 * empty folder of the run ({@code prepared/<encoder name>/}), keeps what it writes with a sha256 manifest,
 * reuses it when the run resumes, copies it into the saved encoder ({@code encoder/artifacts/}), and builds every
 * encoder of the run, and every encoder read back for {@code embed} and {@code predict}, with {@link #create}.
 *
 * <p>Recipes with a prepared encoder are validated as far as possible without the data: names, types and ranges
 * before anything runs; the task's own checks against the built encoder once preparation is done, before any
 * training.
 */
public interface EncoderPreparation {

    /**
     * Learns what the encoder needs from the training split and writes it as files into a folder. Must be
     * deterministic: the same settings and data write the same files.
     *
     * @param settings the validated encoder section
     * @param train the training split (unaugmented)
     * @param artifacts an empty folder to write into
     * @throws IOException if writing fails, naming the file
     */
    void prepare(Settings settings, SampleSource train, Path artifacts) throws IOException;

    /**
     * Builds an uninitialised encoder from its settings and the files {@link #prepare} wrote.
     *
     * @param settings the validated encoder section
     * @param artifacts the folder holding them
     * @return the encoder
     * @throws IOException if a file cannot be read or is malformed, naming it
     */
    Encoder create(Settings settings, Path artifacts) throws IOException;
}
