package dev.selfsup.cli;

import dev.selfsup.data.AtomicFiles;
import dev.selfsup.data.Npy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes vectors as {@code PREFIX.npy} (float32, rows in input order) and {@code PREFIX.csv} (input name, values). */
final class EmbeddingWriter {

    private EmbeddingWriter() {
    }

    static void write(Path prefix, List<String> names, float[][] vectors) throws IOException {
        int width = vectors.length == 0 ? 0 : vectors[0].length;
        float[] flat = new float[vectors.length * width];
        for (int i = 0; i < vectors.length; i++) {
            System.arraycopy(vectors[i], 0, flat, i * width, width);
        }
        Npy.writeFloats(Path.of(prefix + ".npy"), flat, vectors.length, width);
        AtomicFiles.write(Path.of(prefix + ".csv"), temporary -> {
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                out.write("file");
                for (int j = 0; j < width; j++) {
                    out.write(",e" + j);
                }
                out.newLine();
                for (int i = 0; i < vectors.length; i++) {
                    String name = names.get(i);
                    boolean quote = name.contains(",") || name.contains("\"") || name.contains("\n")
                            || name.contains("\r");
                    out.write(quote ? "\"" + name.replace("\"", "\"\"") + "\"" : name);
                    for (float v : vectors[i]) {
                        out.write("," + v);
                    }
                    out.newLine();
                }
            }
        });
    }
}
