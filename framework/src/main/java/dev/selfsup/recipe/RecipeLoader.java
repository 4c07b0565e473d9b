package dev.selfsup.recipe;

import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SourceLocation;
import dev.selfsup.api.data.Utf8Text;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads YAML recipes into {@link Settings}, locating every value in its source file.
 *
 * <p>Loading a recipe:
 * <ol>
 *   <li>parses YAML 1.1 (ints become Long, floats such as {@code 1e-3} Double, {@code yes/true} Boolean;
 *       quoted scalars stay strings); duplicate keys are errors;</li>
 *   <li>substitutes {@code ${VAR}} and {@code ${VAR:-default}} in strings from the environment
 *       (<code>$${</code> is a literal <code>${</code>); a plain scalar that is a single expression is re-typed,
 *       so {@code seed: ${SEED:-42}} gives the integer 42;</li>
 *   <li>resolves {@code extends:} (a path or a list of paths relative to the extending file): parents are
 *       loaded recursively and deep-merged in order, then the file itself on top. Mappings merge key by
 *       key; scalars and lists of the later file replace earlier ones. Every value keeps the location of
 *       the file it came from, and {@code extends} itself is removed;</li>
 *   <li>applies {@code key.path=value} overrides, each value parsed as a YAML flow value; a mapping
 *       value replaces the section it names.</li>
 * </ol>
 * All problems found are reported together in one {@link RecipeException}. File-level problems (syntax
 * errors, a root that is not a mapping, an unreadable file) use the key {@code (root)}.
 */
public final class RecipeLoader {

    private static final String EXTENDS = "extends";
    private static final String ROOT = "(root)";
    private static final Pattern OVERRIDE_KEY = Pattern.compile("[^.\\[\\]\\s=]+(\\.[^.\\[\\]\\s=]+)*");

    private final Interpolator interpolator;

    /**
     * Creates a loader.
     *
     * @param environment the variables for {@code ${...}} interpolation, usually {@code System.getenv()}
     */
    public RecipeLoader(Map<String, String> environment) {
        this.interpolator = new Interpolator(Map.copyOf(environment));
    }

    /**
     * Loads a recipe file.
     *
     * @param file the recipe; its path as given appears in locations
     * @param overrides {@code key.path=value} expressions applied last, in order
     * @return the resolved recipe
     * @throws RecipeException listing every problem found
     */
    public Settings load(Path file, List<String> overrides) {
        List<RecipeProblem> problems = new ArrayList<>();
        Map<Path, String> chain = new LinkedHashMap<>();
        chain.put(file.toAbsolutePath().normalize(), file.toString());
        Settings recipe = loadFile(file, folderOf(file), chain, problems);
        return finish(recipe, overrides, problems);
    }

    /**
     * Loads a recipe from text.
     *
     * @param yaml the recipe text
     * @param sourceName the name used in locations, e.g. a file name or {@code <stdin>}
     * @param baseDir the folder that relative {@code extends} paths are resolved against
     * @param overrides {@code key.path=value} expressions applied last, in order
     * @return the resolved recipe
     * @throws RecipeException listing every problem found
     */
    public Settings loadString(String yaml, String sourceName, Path baseDir, List<String> overrides) {
        List<RecipeProblem> problems = new ArrayList<>();
        Settings recipe = resolve(yaml, sourceName, Objects.requireNonNull(baseDir, "baseDir"), new LinkedHashMap<>(),
                problems);
        return finish(recipe, overrides, problems);
    }

    private Settings finish(Settings recipe, List<String> overrides, List<RecipeProblem> problems) {
        for (String expression : overrides) {
            recipe = applyOverride(recipe, expression, problems);
        }
        if (!problems.isEmpty()) {
            throw new RecipeException(problems);
        }
        return recipe;
    }

    /** The line and column (1-based, counting characters of the valid text before it) of a byte offset. */
    private static SourceLocation locateByte(String source, byte[] bytes, int offset) {
        String before = new String(bytes, 0, offset, java.nio.charset.StandardCharsets.UTF_8);
        int lineStart = before.lastIndexOf('\n') + 1;
        int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
        return new SourceLocation(source, line, before.length() - lineStart + 1);
    }

    private Settings loadFile(Path file, Path baseDir, Map<Path, String> chain, List<RecipeProblem> problems) {
        String yaml;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            String reason = Files.isDirectory(file) ? "it is a folder, not a recipe file"
                    : !Files.exists(file) ? "no such file" : dev.selfsup.data.ErrorText.describe(e);
            problems.add(new RecipeProblem(new SourceLocation(file.toString(), 0, 0), ROOT,
                    "cannot read recipe: " + reason));
            return Settings.builder("", new SourceLocation(file.toString(), 0, 0)).build();
        }
        try {
            yaml = Utf8Text.decode(bytes, file.toString());
        } catch (Utf8Text.InvalidUtf8Exception e) {
            SourceLocation where = locateByte(file.toString(), bytes, (int) e.offset());
            problems.add(new RecipeProblem(where, ROOT, "not valid UTF-8 at byte offset " + e.offset()
                    + String.format(" (byte 0x%02x)", bytes[(int) e.offset()])
                    + "; save the recipe as UTF-8"));
            return Settings.builder("", where).build();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(e); // decode reports every coding error as InvalidUtf8Exception
        }
        return resolve(yaml, file.toString(), baseDir, chain, problems);
    }

    /** Parses one file and merges it over its parents. */
    private Settings resolve(String yaml, String sourceName, Path baseDir, Map<Path, String> chain,
            List<RecipeProblem> problems) {
        Settings own = parse(yaml, sourceName, problems);
        if (!own.has(EXTENDS)) {
            return own;
        }
        Settings merged = null;
        List<String> parents = parentNames(own, problems);
        for (int i = 0; i < parents.size(); i++) {
            String key = own.raw(EXTENDS) instanceof List<?> ? EXTENDS + "[" + i + "]" : EXTENDS;
            Settings parent = loadParent(baseDir.resolve(parents.get(i)).normalize(), own.location(EXTENDS), key,
                    chain, problems);
            merged = merged == null ? parent : merge(merged, parent);
        }
        Settings child = without(own, EXTENDS);
        return merged == null ? child : merge(merged, child);
    }

    private Settings loadParent(Path parent, SourceLocation where, String key, Map<Path, String> chain,
            List<RecipeProblem> problems) {
        Path identity = parent.toAbsolutePath().normalize();
        Settings empty = Settings.builder("", where).build();
        if (chain.containsKey(identity)) {
            problems.add(new RecipeProblem(where, key,
                    "extends cycle: " + String.join(" -> ", chain.values()) + " -> " + parent));
            return empty;
        }
        if (!Files.isRegularFile(parent)) {
            problems.add(new RecipeProblem(where, key, "parent recipe not found: " + parent));
            return empty;
        }
        chain.put(identity, parent.toString());
        Settings settings = loadFile(parent, folderOf(parent), chain, problems);
        chain.remove(identity);
        return settings;
    }

    private static List<String> parentNames(Settings own, List<RecipeProblem> problems) {
        Object value = own.raw(EXTENDS);
        if (value instanceof String name) {
            return List.of(name);
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        problems.add(new RecipeProblem(own.location(EXTENDS), EXTENDS, "expected a path or a list of paths"));
        return List.of();
    }

    /** Parses one YAML document into a section; syntax errors become problems and an empty section. */
    private Settings parse(String yaml, String sourceName, List<RecipeProblem> problems) {
        SourceLocation start = new SourceLocation(sourceName, 1, 1);
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            problems.add(new RecipeProblem(locate(sourceName, e.getProblemMark(), start), ROOT,
                    "YAML syntax error: " + e.getProblem()));
            return Settings.builder("", start).build();
        } catch (YAMLException e) {
            problems.add(new RecipeProblem(start, ROOT, "YAML error: " + e.getMessage()));
            return Settings.builder("", start).build();
        }
        if (root == null) {
            return Settings.builder("", start).build();
        }
        if (!(root instanceof MappingNode mapping)) {
            problems.add(new RecipeProblem(locate(sourceName, root.getStartMark(), start), ROOT,
                    "the recipe must be a mapping of keys to values"));
            return Settings.builder("", start).build();
        }
        NodeConverter converter = new NodeConverter(mark -> locate(sourceName, mark, start), interpolator, problems);
        return converter.section(mapping, "");
    }

    private Settings applyOverride(Settings recipe, String expression, List<RecipeProblem> problems) {
        SourceLocation where = SourceLocation.commandLine(expression);
        int equals = expression.indexOf('=');
        String key = equals < 0 ? "" : expression.substring(0, equals).trim();
        if (!OVERRIDE_KEY.matcher(key).matches()) {
            problems.add(new RecipeProblem(where, key.isEmpty() ? "(override)" : key,
                    "malformed override; expected key.path=value, e.g. train.optimizer.lr=0.01"));
            return recipe;
        }
        Node node;
        try {
            node = new Yaml(new LoaderOptions()).compose(new StringReader(expression.substring(equals + 1)));
        } catch (YAMLException e) {
            problems.add(new RecipeProblem(where, key, "cannot parse the value: " + e.getMessage()));
            return recipe;
        }
        Object value = node == null ? null
                : new NodeConverter(mark -> where, interpolator, problems).value(node, key);
        try {
            return recipe.with(key, value, where);
        } catch (RecipeException e) {
            problems.addAll(e.problems());
            return recipe;
        }
    }

    /** Deep-merges {@code over} onto {@code base}: sections merge key by key, other values are replaced. */
    private static Settings merge(Settings base, Settings over) {
        Settings.Builder builder = Settings.builder(over.path(), over.location());
        for (String key : base.keys()) {
            Settings source = over.has(key) ? over : base;
            Object value = source.raw(key);
            if (base.raw(key) instanceof Settings baseSection && over.raw(key) instanceof Settings overSection) {
                value = merge(baseSection, overSection);
            }
            builder.put(key, value, source.location(key));
        }
        for (String key : over.keys()) {
            if (!base.has(key)) {
                builder.put(key, over.raw(key), over.location(key));
            }
        }
        return builder.build();
    }

    private static Settings without(Settings settings, String removed) {
        Settings.Builder builder = Settings.builder(settings.path(), settings.location());
        for (String key : settings.keys()) {
            if (!key.equals(removed)) {
                builder.put(key, settings.raw(key), settings.location(key));
            }
        }
        return builder.build();
    }

    private static SourceLocation locate(String sourceName, Mark mark, SourceLocation fallback) {
        return mark == null ? fallback : new SourceLocation(sourceName, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static Path folderOf(Path file) {
        Path parent = file.getParent();
        return parent == null ? Path.of("") : parent;
    }
}
