/** Augmentations of text samples. */
package dev.selfsup.text.augment;
