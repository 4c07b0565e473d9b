package dev.selfsup.audio.data;

import dev.selfsup.api.Waveform;

/**
 * One clip read from a file: its waveform at the data set's rate, its label (or none) and where it came from.
 *
 * @param waveform the samples
 * @param label the class name, {@code null} for an unlabelled clip
 * @param source the file, for messages and provenance
 */
record AudioClip(Waveform waveform, String label, String source) {
}
