package dev.selfsup.audio.data;

import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;

import java.util.List;

/** Clips as samples with an {@link Sample#AUDIO} field, labelled by their index in the class names. */
final class AudioSamples implements SampleSource {

    private final List<AudioClip> clips;
    private final List<String> classNames;
    private final boolean captions;

    AudioSamples(List<AudioClip> clips, List<String> classNames) {
        this(clips, classNames, false);
    }

    /**
     * Creates a split.
     *
     * @param clips the clips
     * @param classNames the class names
     * @param captions whether each labelled clip's sample also holds its label as text ({@link Sample#TEXT}): the
     *     words spoken, for aligning audio with text
     */
    AudioSamples(List<AudioClip> clips, List<String> classNames, boolean captions) {
        this.clips = List.copyOf(clips);
        this.classNames = List.copyOf(classNames);
        this.captions = captions;
    }

    @Override
    public int size() {
        return clips.size();
    }

    @Override
    public Sample get(int index) {
        AudioClip clip = clips.get(index);
        if (clip.label() == null) {
            return Sample.unlabelled(Sample.AUDIO, clip.waveform());
        }
        Sample sample = Sample.labelled(Sample.AUDIO, clip.waveform(), classNames.indexOf(clip.label()));
        return captions ? sample.with(Sample.TEXT, clip.label()) : sample;
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
