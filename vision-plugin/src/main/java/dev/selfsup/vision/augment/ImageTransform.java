package dev.selfsup.vision.augment;

import dev.selfsup.api.Image;

import java.util.Random;

/** A random transform of an image: a pure function of the image and the stream, returning a new image. */
@FunctionalInterface
public interface ImageTransform {

    /**
     * Transforms an image.
     *
     * @param image the input, left unchanged
     * @param random the stream to draw the transform's parameters from
     * @return the transformed image, of the same shape
     */
    Image apply(Image image, Random random);
}
