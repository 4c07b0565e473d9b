package dev.selfsup.audio.data;

import dev.selfsup.api.Waveform;
import dev.selfsup.api.data.DataException;
import dev.selfsup.api.data.DataFiles;
import dev.selfsup.audio.wav.Resampler;
import dev.selfsup.audio.wav.WavReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds audio files under a folder, reads them at one rate and labels them. */
final class AudioFiles {

    /** The extensions read, lower case. */
    static final List<String> EXTENSIONS = List.of("wav", "wave", "aif", "aiff", "au");

    private AudioFiles() {
    }

    /**
     * Lists the audio files under a folder, in every sub-folder, sorted by path so the order is the same on every
     * machine.
     *
     * @param folder the folder
     * @return the files
     * @throws DataException if the folder cannot be read or holds no audio file
     */
    static List<Path> list(Path folder) {
        List<Path> files = DataFiles.list(folder, EXTENSIONS.stream().map(e -> "." + e)
                .collect(java.util.stream.Collectors.toSet()));
        if (files.isEmpty()) {
            throw new DataException(folder + " holds no audio file (" + String.join(", ", EXTENSIONS) + ")");
        }
        return files;
    }

    /**
     * Reads files at one rate.
     *
     * @param files the files
     * @param rate the rate to bring each to
     * @param labeller the label of a file, or {@code null}
     * @return the clips, in the files' order
     * @throws DataException naming the file that cannot be read
     */
    static List<AudioClip> read(List<Path> files, int rate, Function<Path, String> labeller) {
        Map<Integer, Resampler> resamplers = new HashMap<>();
        List<AudioClip> clips = new ArrayList<>(files.size());
        for (Path file : files) {
            Waveform waveform;
            try {
                waveform = WavReader.read(file);
            } catch (IOException e) {
                throw new DataException(e.getMessage(), e);
            }
            if (waveform.sampleRate() != rate) {
                waveform = resamplers.computeIfAbsent(waveform.sampleRate(), from -> new Resampler(from, rate))
                        .resample(waveform);
            }
            clips.add(new AudioClip(waveform, labeller.apply(file), file.toString()));
        }
        return clips;
    }

    /**
     * Labels files by the sub-folder of {@code root} they are in ({@code root/<label>/.../file.wav}).
     *
     * @param root the data set's folder
     * @return the labeller
     */
    static Function<Path, String> byFolder(Path root) {
        return file -> {
            Path relative = root.relativize(file);
            if (relative.getNameCount() < 2) {
                throw new DataException(file + ": labels come from sub-folders, but this file is directly in "
                        + root);
            }
            return relative.getName(0).toString();
        };
    }

    /**
     * Labels files by a regular expression on their name without the extension: its first group, or the whole
     * match when it has no group.
     *
     * @param regex the expression
     * @return the labeller
     */
    static Function<Path, String> byPattern(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return file -> {
            String name = file.getFileName().toString();
            String stem = name.substring(0, name.lastIndexOf('.'));
            Matcher matcher = pattern.matcher(stem);
            if (!matcher.find()) {
                throw new DataException(file + ": its name does not match label_pattern " + regex);
            }
            return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
        };
    }
}
