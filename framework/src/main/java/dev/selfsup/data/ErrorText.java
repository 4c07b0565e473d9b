package dev.selfsup.data;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns exceptions into one line a user can act on. Java's file-system exceptions carry only a path as their
 * message ({@code NoSuchFileException: /a/b}), and wrappers often drop the cause ("cannot write x" without
 * "No space left on device"); these helpers name the failure and keep every cause.
 */
public final class ErrorText {

    private ErrorText() {
    }

    /**
     * Describes one exception, without its causes.
     *
     * @param e the exception
     * @return e.g. {@code no such file or folder: /a/b}, {@code No space left on device}
     */
    public static String describe(Throwable e) {
        if (e instanceof NoSuchFileException f) {
            return "no such file or folder: " + f.getFile();
        }
        if (e instanceof AccessDeniedException f) {
            return "permission denied: " + f.getFile();
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "already exists: " + f.getFile();
        }
        if (e instanceof NotDirectoryException f) {
            return "not a folder: " + f.getFile();
        }
        if (e instanceof DirectoryNotEmptyException f) {
            return "folder not empty: " + f.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() == null ? f.getReason() : f.getFile() + ": " + f.getReason();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + ")";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /**
     * Describes an exception and each cause whose text is not already part of the line.
     *
     * @param e the exception
     * @return e.g. {@code cannot write metrics file m.jsonl: No space left on device}
     */
    public static String withCauses(Throwable e) {
        StringBuilder line = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 8; t = t.getCause(), depth++) {
            String text = describe(t);
            if (line.indexOf(text) < 0) {
                line.append(line.length() == 0 ? "" : ": ").append(text);
            }
        }
        return line.toString();
    }
}
