package dev.selfsup.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands command-line inputs: files as given, folders to the files below them, globs to their matches;
 * hidden files and folders (names starting with a dot) are skipped in folders and globs; an existing file
 * whose name looks like a glob is taken as a file.
 */
final class InputFiles {

    private InputFiles() {
    }

    /**
     * Expands inputs, keeping their order; within a folder or glob, files are sorted by path.
     *
     * @param inputs files, folders or globs ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}, {@code **})
     * @return the files
     * @throws IllegalArgumentException naming an input that matches nothing
     */
    static List<Path> expand(List<String> inputs) {
        List<Path> files = new ArrayList<>();
        for (String input : inputs) {
            List<Path> found = isGlob(input) && !Files.exists(Path.of(input)) ? glob(input) : walk(Path.of(input));
            if (found.isEmpty()) {
                throw new IllegalArgumentException("input " + input + " matches no file");
            }
            files.addAll(found);
        }
        return files;
    }

    /** Whether a path below the starting folder passes through a file or folder whose name starts with a dot. */
    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isGlob(String input) {
        return input.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
    }

    private static List<Path> walk(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).filter(p -> !hidden(path.relativize(p))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    private static List<Path> glob(String pattern) {
        Path pathPattern = Path.of(pattern);
        Path base = pathPattern.isAbsolute() ? pathPattern.getRoot() : Path.of("");
        for (Path part : pathPattern.isAbsolute() ? pathPattern.getRoot().relativize(pathPattern) : pathPattern) {
            if (isGlob(part.toString())) {
                break;
            }
            base = base.resolve(part);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        boolean relative = base.toString().isEmpty();
        Path start = relative ? Path.of(".") : base;
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.filter(Files::isRegularFile).filter(p -> !hidden(start.relativize(p)))
                    .map(p -> relative ? start.relativize(p) : p)
                    .filter(matcher::matches).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + start, e);
        }
    }
}
