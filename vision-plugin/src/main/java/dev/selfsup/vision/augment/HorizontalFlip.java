package dev.selfsup.vision.augment;

import dev.selfsup.api.Image;

import java.util.Random;

/** Mirrors an image left to right (its probability is the augmentation's {@code probability}). */
public final class HorizontalFlip implements ImageTransform {

    @Override
    public Image apply(Image image, Random random) {
        int h = image.height();
        int w = image.width();
        float[] out = new float[image.size()];
        for (int c = 0; c < image.channels(); c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(c * h + y) * w + x] = image.pixel(c, y, w - 1 - x);
                }
            }
        }
        return new Image(image.channels(), h, w, out);
    }
}
