package dev.selfsup.embed;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.selfsup.data.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A block's parameters in a DJL parameter file: written atomically, read back with every shape checked. */
final class BlockFiles {

    private BlockFiles() {
    }

    /**
     * Writes a block's parameters atomically.
     *
     * @param block an initialised block
     * @param file the file
     * @throws IOException naming the file
     */
    static void save(Block block, Path file) throws IOException {
        AtomicFiles.write(file, temp -> {
            try (DataOutputStream data = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
                block.saveParameters(data);
            }
        });
    }

    /**
     * Loads parameters into an initialised block, refusing any whose saved shape differs from the block's (DJL
     * takes the saved shapes as they are).
     *
     * @param block the block, initialised
     * @param file the parameter file
     * @param manager owns the parameters
     * @throws IOException if the file cannot be read
     * @throws MalformedModelException if DJL cannot parse it
     * @throws IllegalArgumentException naming the first parameter whose shape differs
     */
    static void loadChecked(Block block, Path file, NDManager manager) throws IOException, MalformedModelException {
        Map<String, Shape> expected = new LinkedHashMap<>();
        block.getParameters().forEach(p -> expected.put(p.getKey(), p.getValue().getArray().getShape()));
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        }
        for (var p : block.getParameters()) {
            Shape loaded = p.getValue().getArray().getShape();
            if (!loaded.equals(expected.get(p.getKey()))) {
                throw new IllegalArgumentException("parameter " + p.getKey() + " has shape " + loaded
                        + " in the file, the block expects " + expected.get(p.getKey()));
            }
        }
    }
}
