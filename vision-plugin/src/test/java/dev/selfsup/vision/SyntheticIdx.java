package dev.selfsup.vision;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a small MNIST-shaped data set in IDX format for tests: ten classes of 28x28 images, each class a
 * pair of bars at class-specific places, randomly shifted, with noise.
 */
public final class SyntheticIdx {

    private SyntheticIdx() {
    }

    /**
     * Writes the four IDX files into a folder.
     *
     * @param folder the folder
     * @param train training images
     * @param test test images
     * @param seed the seed
     * @throws IOException on write failure
     */
    public static void write(Path folder, int train, int test, long seed) throws IOException {
        Files.createDirectories(folder);
        Random random = new Random(seed);
        split(folder, "train", train, random);
        split(folder, "t10k", test, random);
    }

    private static void split(Path folder, String prefix, int count, Random random) throws IOException {
        byte[] pixels = new byte[count * 784];
        byte[] labels = new byte[count];
        for (int n = 0; n < count; n++) {
            int c = n % 10;
            labels[n] = (byte) c;
            int dx = random.nextInt(5) - 2;
            int dy = random.nextInt(5) - 2;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int sx = x - dx;
                    int sy = y - dy;
                    boolean vertical = sx >= 4 + 2 * c && sx < 6 + 2 * c && sy >= 4 && sy < 24;
                    boolean horizontal = sy >= 4 + (c * 7) % 20 && sy < 6 + (c * 7) % 20 && sx >= 4 && sx < 24;
                    double v = (vertical || horizontal ? 0.9 : 0.0) + 0.1 * random.nextDouble();
                    pixels[n * 784 + y * 28 + x] = (byte) Math.min(255, (int) (v * 255));
                }
            }
        }
        try (OutputStream os = Files.newOutputStream(folder.resolve(prefix + "-images-idx3-ubyte"));
             DataOutputStream out = new DataOutputStream(os)) {
            out.writeInt(0x803);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            out.write(pixels);
        }
        try (OutputStream os = Files.newOutputStream(folder.resolve(prefix + "-labels-idx1-ubyte"));
             DataOutputStream out = new DataOutputStream(os)) {
            out.writeInt(0x801);
            out.writeInt(count);
            out.write(labels);
        }
    }

    /**
     * Writes small PNG images (white ovals on black, 40x40 so they must be scaled) named {@code digit-N.png}.
     *
     * @param folder the folder (created)
     * @param count how many
     * @return the files, in name order
     * @throws IOException on failure
     */
    static List<Path> writePngs(Path folder, int count) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(40, 40,
                    BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.setColor(Color.WHITE);
            g.fillOval(5 + 5 * i, 8, 12 + 4 * i, 20);
            g.dispose();
            Path file = folder.resolve("digit-" + i + ".png");
            ImageIO.write(image, "png", file.toFile());
            files.add(file);
        }
        return files;
    }
}
