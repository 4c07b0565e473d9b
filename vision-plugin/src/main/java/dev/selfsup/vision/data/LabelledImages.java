package dev.selfsup.vision.data;

/**
 * Images with one class label each.
 *
 * @param images the images
 * @param labels {@code images.count()} labels, unsigned (read with {@code & 0xFF})
 */
public record LabelledImages(IdxImages images, byte[] labels) {

    /**
     * Checks that there is one label per image.
     *
     * @param images the images
     * @param labels one label per image
     * @throws IllegalArgumentException if there is not
     */
    public LabelledImages {
        if (labels.length != images.count()) {
            throw new IllegalArgumentException(images.count() + " images but " + labels.length + " labels");
        }
    }
}
