/**
 * Image augmentations: random shift, random resized crop, horizontal flip, brightness and contrast jitter, Gaussian
 * blur, solarisation and random erasing. Each is an {@link dev.selfsup.vision.augment.ImageTransform}, a pure
 * function of the image and the random stream the framework passes for (seed, epoch, sample, view, position), so
 * views are reproducible whatever thread computes them.
 */
package dev.selfsup.vision.augment;
