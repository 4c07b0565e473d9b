package dev.selfsup.reliability;

import java.nio.ByteBuffer;
import java.util.Random;

/** MNIST-shaped IDX files as bytes: 28 x 28 unsigned-byte images (ten classes of vertical bars) and their labels. */
final class IdxBytes {

    private IdxBytes() {
    }

    /** {@code count} images, class {@code n % 10} a bar at a class-specific column, with noise. */
    static byte[] images(int count, Random random) {
        ByteBuffer out = ByteBuffer.allocate(16 + count * 784).putInt(0x803).putInt(count).putInt(28).putInt(28);
        for (int n = 0; n < count; n++) {
            int c = n % 10;
            for (int pixel = 0; pixel < 784; pixel++) {
                int x = pixel % 28;
                int y = pixel / 28;
                boolean bar = x >= 4 + 2 * c && x < 6 + 2 * c && y >= 4 && y < 24;
                out.put((byte) ((bar ? 220 : 0) + random.nextInt(30)));
            }
        }
        return out.array();
    }

    /** The labels {@code 0, 1, ..., 9, 0, ...} of {@code count} images. */
    static byte[] labels(int count) {
        ByteBuffer out = ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
        for (int n = 0; n < count; n++) {
            out.put((byte) (n % 10));
        }
        return out.array();
    }
}
