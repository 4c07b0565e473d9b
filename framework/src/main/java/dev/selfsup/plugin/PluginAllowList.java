package dev.selfsup.plugin;

import dev.selfsup.api.data.Sha256;
import dev.selfsup.data.ErrorText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plugin jars an installation trusts: lines of {@code PLUGIN_ID SHA256} (the sha256 of the jar file, hex), with
 * {@code #} comments and blank lines. With an allow-list, the runtime refuses every jar whose id is not listed or whose
 * bytes do not hash to a listed value, before any of its classes is loaded. An id may be listed with several hashes
 * (e.g. while upgrading). {@code selfsup plugins --allow-list} prints the lines for the jars installed now.
 */
public final class PluginAllowList {

    private static final Pattern LINE = Pattern.compile("^(\\S+)\\s+([0-9a-fA-F]{64})$");

    private final Path source;
    private final Map<String, Set<String>> hashesById;

    private PluginAllowList(Path source, Map<String, Set<String>> hashesById) {
        this.source = source;
        this.hashesById = hashesById;
    }

    /**
     * Reads an allow-list file.
     *
     * @param file the file
     * @return the allow-list
     * @throws IllegalArgumentException naming the file and line of a malformed line, or why it cannot be read
     */
    public static PluginAllowList read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the plugin allow-list " + file + ": "
                    + ErrorText.describe(e), e);
        }
        Map<String, Set<String>> hashes = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            var match = LINE.matcher(line);
            if (!match.matches()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected PLUGIN_ID SHA256 (64 hex digits), got: "
                        + (line.length() > 80 ? line.substring(0, 80) + "..." : line));
            }
            hashes.computeIfAbsent(match.group(1), id -> new HashSet<>()).add(match.group(2).toLowerCase(Locale.ROOT));
        }
        return new PluginAllowList(file, hashes);
    }

    /**
     * Checks a jar against the list.
     *
     * @param jar the jar file
     * @param id the plugin id its manifest declares
     * @return why it is refused, or null if it is allowed
     */
    String refusal(Path jar, String id) {
        Set<String> allowed = hashesById.get(id);
        if (allowed == null) {
            return "refused: plugin id '" + id + "' is not in the allow-list " + source;
        }
        String actual;
        try {
            actual = Sha256.of(jar);
        } catch (dev.selfsup.api.data.DataException e) {
            return "refused: cannot hash it for the allow-list (" + e.getMessage() + ")";
        }
        return allowed.contains(actual) ? null : "refused: its sha256 " + actual + " is not the one the allow-list "
                + source + " gives for plugin '" + id + "' (a changed or replaced jar)";
    }

    /**
     * The allow-list line for a jar.
     *
     * @param jar the jar file
     * @param id its plugin id
     * @return {@code id sha256}
     */
    static String line(Path jar, String id) {
        return id + " " + Sha256.of(jar);
    }
}
