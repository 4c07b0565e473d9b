package dev.selfsup.recipe;

import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SourceLocation;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns composed SnakeYAML nodes into {@link Settings} and plain values, locating every key,
 * interpolating environment variables and reporting duplicate keys.
 */
final class NodeConverter {

    private static final Set<Tag> TYPED_TAGS = Set.of(Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL);

    /**
     * The most values one recipe may expand to. Aliases let a short file stand for an exponentially large tree
     * (a "billion laughs" document); SnakeYAML caps the number of aliases, not the size they expand to.
     */
    static final int MAX_VALUES = 100_000;

    private final Function<Mark, SourceLocation> locate;
    private final Interpolator interpolator;
    private final List<RecipeProblem> problems;
    private final Resolver resolver = new Resolver();
    private final ScalarConstructor constructor = new ScalarConstructor();
    /** The collections being converted, innermost last: an alias back to one of them is a cycle. */
    private final Set<Node> open = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private int values;
    private boolean tooLarge;

    /**
     * @param locate maps a node's start mark to a location
     * @param interpolator substitutes environment variables in strings
     * @param problems receives every problem found
     */
    NodeConverter(Function<Mark, SourceLocation> locate, Interpolator interpolator, List<RecipeProblem> problems) {
        this.locate = locate;
        this.interpolator = interpolator;
        this.problems = problems;
    }

    /** Converts a mapping into a section at {@code path}. */
    Settings section(MappingNode node, String path) {
        Settings.Builder builder = Settings.builder(path, locate.apply(node.getStartMark()));
        Map<String, SourceLocation> seen = new HashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            SourceLocation where = locate.apply(tuple.getKeyNode().getStartMark());
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problems.add(new RecipeProblem(where, childPath(path, "?"), "keys must be plain scalars"));
                continue;
            }
            String key = keyNode.getValue();
            SourceLocation first = seen.putIfAbsent(key, where);
            if (first != null) {
                problems.add(new RecipeProblem(where, childPath(path, key),
                        "duplicate key; first defined at " + first));
                continue;
            }
            builder.put(key, value(tuple.getValueNode(), childPath(path, key)), where);
        }
        return builder.build();
    }

    /**
     * Converts any node: mappings to sections, sequences to lists, scalars to typed values. An alias that refers
     * to a collection containing it, and a recipe expanding to more than {@link #MAX_VALUES} values, are
     * problems (the value becomes null).
     */
    Object value(Node node, String path) {
        if (tooLarge) {
            return null;
        }
        if (++values > MAX_VALUES) {
            tooLarge = true;
            problems.add(new RecipeProblem(locate.apply(node.getStartMark()), path, "the recipe expands to more than "
                    + MAX_VALUES + " values (YAML aliases repeating large parts?)"));
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            return scalar(scalar, path);
        }
        if (!open.add(node)) {
            problems.add(new RecipeProblem(locate.apply(node.getStartMark()), path,
                    "a YAML alias refers to a collection that contains it (an endless structure)"));
            return null;
        }
        try {
            if (node instanceof MappingNode mapping) {
                return section(mapping, path);
            }
            List<Object> elements = new ArrayList<>();
            for (Node element : ((SequenceNode) node).getValue()) {
                elements.add(value(element, path + "[" + elements.size() + "]"));
            }
            return elements;
        } finally {
            open.remove(node);
        }
    }

    private Object scalar(ScalarNode node, String path) {
        String text = node.getValue();
        if (!node.getTag().equals(Tag.STR) || !Interpolator.mayContainExpression(text)) {
            return typed(node, path);
        }
        String substituted = interpolator.apply(text, locate.apply(node.getStartMark()), path, problems);
        if (substituted == null || !node.isPlain() || !Interpolator.isWholeExpression(text)) {
            return substituted;
        }
        Tag tag = resolver.resolve(NodeId.scalar, substituted, true);
        return typed(new ScalarNode(tag, substituted, node.getStartMark(), node.getEndMark(),
                DumperOptions.ScalarStyle.PLAIN), path);
    }

    /** Integers, floats, booleans and nulls by their resolved tag; everything else as its text. */
    private Object typed(ScalarNode node, String path) {
        if (!TYPED_TAGS.contains(node.getTag())) {
            return node.getValue();
        }
        Object value = constructor.construct(node);
        if (value instanceof BigInteger) {
            problems.add(new RecipeProblem(locate.apply(node.getStartMark()), path,
                    "integer " + node.getValue() + " does not fit in 64 bits"));
            return null;
        }
        return value instanceof Integer i ? Long.valueOf(i) : value;
    }

    private static String childPath(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** Exposes SnakeYAML's YAML 1.1 scalar construction (hex, octal, underscores, .inf, yes/no...). */
    private static final class ScalarConstructor extends SafeConstructor {

        ScalarConstructor() {
            super(new LoaderOptions());
        }

        Object construct(ScalarNode node) {
            return constructObject(node);
        }
    }
}
