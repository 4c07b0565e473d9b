package dev.selfsup.audio.data;

import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;

import java.util.List;

/** Clips as samples with an {@link Sample#AUDIO} field, labelled by their index in the class names. */
final class AudioSamples implements SampleSource {

    private final List<AudioClip> clips;
    private final List<String> classNames;

    AudioSamples(List<AudioClip> clips, List<String> classNames) {
        this.clips = List.copyOf(clips);
        this.classNames = List.copyOf(classNames);
    }

    @Override
    public int size() {
        return clips.size();
    }

    @Override
    public Sample get(int index) {
        AudioClip clip = clips.get(index);
        return clip.label() == null ? Sample.unlabelled(Sample.AUDIO, clip.waveform())
                : Sample.labelled(Sample.AUDIO, clip.waveform(), classNames.indexOf(clip.label()));
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public int label(int index) {
        String label = clips.get(index).label();
        return label == null ? -1 : classNames.indexOf(label);
    }

    /**
     * Returns the sorted class names of labelled clips on both sides.
     *
     * @param train the training clips
     * @param test the test clips
     * @return the names, empty when nothing is labelled
     */
    static List<String> classNamesOf(List<AudioClip> train, List<AudioClip> test) {
        return java.util.stream.Stream.concat(train.stream(), test.stream()).map(AudioClip::label)
                .filter(java.util.Objects::nonNull).distinct().sorted().toList();
    }
}
