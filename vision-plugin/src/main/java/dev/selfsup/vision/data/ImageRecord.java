package dev.selfsup.vision.data;

import java.nio.file.Path;

/**
 * One image file of a data set before decoding, with what goes with it.
 *
 * @param file the image file
 * @param caption its caption, or {@code null}
 * @param label its class index, or -1
 * @param group what keeps related records on one side of the train/test split (the file itself, or a title shared
 *     by variants of one picture)
 */
record ImageRecord(Path file, String caption, int label, String group) {
}
