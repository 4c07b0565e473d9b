package dev.selfsup;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package structure: the API depends on nothing of the framework (the Maven modules enforce it) and no two
 * packages of the repository depend on each other in a cycle, through imports or fully qualified names.
 */
class PackageCyclesTest {

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\n]*", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.selfsup(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    /** Package to the packages it refers to, over every main source folder of the repository. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Map<String, Set<String>> graph = new TreeMap<>();
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(repo)) {
            for (Path module : modules.toList()) {
                Path sources = module.resolve("src/main/java");
                if (Files.isDirectory(sources)) {
                    roots.add(sources);
                }
            }
        }
        assertTrue(roots.size() >= 3, "api, framework and vision-plugin sources found: " + roots);
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    // code only: a name in a comment (a Javadoc link) is documentation, not a dependency
                    String text = COMMENT.matcher(Files.readString(file)).replaceAll(" ");
                    Matcher m = PACKAGE.matcher(text);
                    if (!m.find()) {
                        continue;
                    }
                    String own = m.group(1);
                    Set<String> targets = graph.computeIfAbsent(own, k -> new TreeSet<>());
                    Matcher r = REFERENCE.matcher(text.substring(m.end()));
                    while (r.find()) {
                        if (!r.group(1).equals(own)) {
                            targets.add(r.group(1));
                        }
                    }
                }
            }
        }
        return graph;
    }

    @Test
    void thereAreNoPackageCycles() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        List<List<String>> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            // a path from one of start's targets back to start is a cycle
            Deque<List<String>> paths = new ArrayDeque<>();
            paths.add(List.of(start));
            Set<String> seen = new TreeSet<>();
            while (!paths.isEmpty()) {
                List<String> path = paths.poll();
                for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
                    if (next.equals(start)) {
                        List<String> cycle = new ArrayList<>(path);
                        cycle.add(start);
                        cycles.add(cycle);
                    } else if (seen.add(next)) {
                        List<String> longer = new ArrayList<>(path);
                        longer.add(next);
                        paths.add(longer);
                    }
                }
            }
        }
        assertEquals(List.of(), cycles, "package cycles");
    }

    @Test
    void theApiRefersToNoFrameworkPackage() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        Map<String, Set<String>> outside = new HashMap<>();
        graph.forEach((pkg, targets) -> {
            if (pkg.startsWith("dev.selfsup.api") || pkg.startsWith("dev.selfsup.nn")) {
                for (String t : targets) {
                    if (!t.startsWith("dev.selfsup.api") && !t.startsWith("dev.selfsup.nn")) {
                        outside.computeIfAbsent(pkg, k -> new TreeSet<>()).add(t);
                    }
                }
            }
        });
        assertEquals(Map.of(), outside);
        assertTrue(graph.containsKey("dev.selfsup.api") && graph.containsKey("dev.selfsup.train"));
    }
}
