/** Image augmentations, each a pure function of the image and the random stream the framework passes. */
package dev.selfsup.vision.augment;
