package dev.selfsup.api.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Lists a user's data files: every file under a folder, at any depth, whose name ends with one of the given
 * endings, sorted by path so the order is the same on every machine. An entry with such a name that is not a
 * readable regular file (a link to a device such as {@code /dev/zero}, a named pipe, a folder called
 * {@code x.wav}, a dangling link) is an error naming it, not silently passed over: a reader would hang on it or
 * read forever, and leaving it out would drop data without a word. Links to regular files are followed.
 */
public final class DataFiles {

    private DataFiles() {
    }

    /**
     * Lists the files.
     *
     * @param folder the folder
     * @param endings the name endings, lower case, e.g. {@code ".wav"}; matched case-insensitively
     * @return the files, sorted by path
     * @throws DataException naming the folder if it is not one or cannot be listed, or naming the entry that is
     *     not a regular file
     */
    public static List<Path> list(Path folder, Set<String> endings) {
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder + " is not a folder");
        }
        List<Path> matching;
        try (Stream<Path> walk = Files.walk(folder)) {
            matching = walk.filter(p -> !p.equals(folder)).filter(p -> endsWithAny(p, endings)).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new DataException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        for (Path file : matching) {
            if (!Files.isRegularFile(file)) {
                throw new DataException(file + " is not a regular file (" + kind(file) + "); move it out of "
                        + folder + " or replace it with the file itself");
            }
            if (!Files.isReadable(file)) {
                throw new DataException(file + " cannot be read (permissions)");
            }
        }
        return matching;
    }

    private static boolean endsWithAny(Path file, Set<String> endings) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return endings.stream().anyMatch(name::endsWith);
    }

    private static String kind(Path file) {
        if (Files.isDirectory(file)) {
            return "a folder";
        }
        if (Files.isSymbolicLink(file)) {
            try {
                Path target = Files.readSymbolicLink(file);
                return Files.exists(file) ? "a link to " + target + ", which is not a regular file"
                        : "a link to " + target + ", which does not exist";
            } catch (IOException e) {
                return "a link that cannot be read";
            }
        }
        return "a device, a pipe or a socket";
    }
}
