package dev.selfsup.recipe;

import dev.selfsup.api.AugmentationProvider;
import dev.selfsup.api.DataDescription;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DownstreamHeadProvider;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.NamedExtension;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.TaskContext;
import dev.selfsup.device.DeviceSelection;
import dev.selfsup.plugin.ExtensionKind;
import dev.selfsup.plugin.ExtensionRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a loaded recipe completely before anything runs: the framework's keys, the names of the
 * extensions it selects (listing the known ones), each extension's own keys, and cross-field rules the
 * extensions check when they are built. All problems are reported together, each with file, line and key.
 */
public final class RecipeValidator {

    /** Top-level keys of which a recipe gives one or the other. */
    private static final java.util.Set<String> ALTERNATIVES = java.util.Set.of("encoder", "encoders", "augment",
            "views");

    /** The protocols of an evaluation that names none. */
    private static final List<String> DEFAULT_PROTOCOLS = List.of("logistic", "knn");
    private static final String NAME_PATTERN = "[a-z0-9][a-z0-9_.-]*";

    private final ExtensionRegistry registry;

    /**
     * Creates a validator.
     *
     * @param registry the extensions recipes may name
     */
    public RecipeValidator(ExtensionRegistry registry) {
        this.registry = registry;
    }

    /**
     * Validates a recipe.
     *
     * @param raw the recipe as loaded
     * @return the validated recipe
     * @throws RecipeException listing every problem
     */
    public ValidatedRecipe validate(Settings raw) {
        List<RecipeProblem> problems = new ArrayList<>();
        Settings top = RecipeSchema.TOP.validate(raw, problems);
        if (top.has("device")) {
            String deviceProblem = DeviceSelection.syntaxProblem(top.getString("device"));
            if (!deviceProblem.isEmpty()) {
                problems.add(new RecipeProblem(top.location("device"), "device", deviceProblem));
            }
        }
        Selected<DatasetProvider> data = select(top, "data", "dataset", RecipeSchema.DATA, DatasetProvider.class,
                problems);
        List<ValidatedRecipe.Downstream> extraData = selectExtraData(data, problems);
        int beforeModel = problems.size();
        Map<String, Selected<EncoderProvider>> encoders = selectEncoders(raw, top, problems);
        Selected<PretextTaskProvider> pretext = select(top, "pretext", "task", RecipeSchema.PRETEXT,
                PretextTaskProvider.class, problems);
        boolean modelSectionsValid = !encoders.isEmpty() && encoders.values().stream().allMatch(Selected::resolved)
                && pretext.resolved() && problems.size() == beforeModel;
        List<List<Selected<AugmentationProvider>>> views = selectViews(raw, top, problems);
        Settings evaluate = top.has("evaluate") ? top.getSection("evaluate")
                : Settings.builder("evaluate", top.location()).build();
        Selected<DownstreamHeadProvider> head = select(evaluate, "head", "type", RecipeSchema.HEAD,
                DownstreamHeadProvider.class, problems);
        List<ValidatedRecipe.Protocol> protocols = selectProtocols(evaluate, problems);
        List<ValidatedRecipe.Downstream> downstream = selectDownstream(evaluate, problems);
        if (!extraData.isEmpty() && downstream.isEmpty() && !Boolean.FALSE.equals(evaluate.raw("enabled"))) {
            problems.add(new RecipeProblem(data.settings.location("extra"), "data.extra", "appends unlabelled samples "
                    + "to the training split the evaluation would probe; list the data sets to evaluate on under "
                    + "evaluate.datasets (the data set itself can be one: [{dataset: " + data.provider.name() + "}])"));
        }
        if (evaluate.has("encoder") && evaluate.raw("encoder") instanceof String chosen && !chosen.isEmpty()
                && !encoders.isEmpty() && !encoders.containsKey(chosen)) {
            problems.add(new RecipeProblem(evaluate.location("encoder"), evaluate.fullKey("encoder"),
                    "no encoder named '" + chosen + "'; the recipe has " + encoders.keySet()));
        }
        if (modelSectionsValid) {
            checkBuildable(encoders, pretext, data, views.size(), problems);
        }
        checkModelChoice(top, problems);
        if (!problems.isEmpty()) {
            throw new RecipeException(problems);
        }
        Settings.Builder evaluateBuilder = Settings.builder(evaluate.path(), evaluate.location());
        evaluate.keys().forEach(k -> evaluateBuilder.put(k, switch (k) {
            case "head" -> head.settings;
            case "protocols" -> protocols.stream().map(ValidatedRecipe.Protocol::settings).toList();
            case "datasets" -> downstream.stream().map(ValidatedRecipe.Downstream::settings).toList();
            default -> evaluate.raw(k);
        }, evaluate.location(k)));
        Settings.Builder root = Settings.builder(top.path(), top.location());
        for (String key : top.keys()) {
            if (ALTERNATIVES.contains(key) && !raw.has(key)) {
                continue; // encoder or encoders, augment or views: only the one the recipe gives
            }
            Object value = switch (key) {
                case "data" -> data.settings.has("extra") ? data.settings.with("extra", extraData.stream()
                        .map(ValidatedRecipe.Downstream::settings).toList(), data.settings.location("extra"))
                        : data.settings;
                case "encoder" -> encoders.get(TaskContext.DEFAULT_ENCODER).settings;
                case "encoders" -> namedSections(top.getSection("encoders"), encoders);
                case "pretext" -> pretext.settings;
                case "evaluate" -> evaluateBuilder.build();
                case "augment" -> views.get(0).stream().map(a -> a.settings).toList();
                case "views" -> viewSections(top.getSectionList("views"), views);
                default -> top.raw(key);
            };
            root.put(key, value, top.location(key));
        }
        Map<String, ValidatedRecipe.EncoderChoice> choices = new LinkedHashMap<>();
        encoders.forEach((name, e) -> choices.put(name, new ValidatedRecipe.EncoderChoice(e.provider, e.settings)));
        return new ValidatedRecipe(root.build(), data.provider, choices, pretext.provider, head.provider, protocols,
                views.stream().map(v -> v.stream().map(a -> new ValidatedRecipe.Augment(a.provider, a.settings))
                        .toList()).toList(), downstream, extraData);
    }

    /**
     * The data sets of {@code data.extra}, each holding every field of the main data set (their samples are
     * appended to its training split).
     */
    private List<ValidatedRecipe.Downstream> selectExtraData(Selected<DatasetProvider> data,
                                                             List<RecipeProblem> problems) {
        if (!data.resolved() || !data.settings.has("extra")) {
            return List.of();
        }
        List<String> fields = data.provider.describe(data.settings).fields();
        List<ValidatedRecipe.Downstream> out = new ArrayList<>();
        for (Settings entry : data.settings.getSectionList("extra")) {
            Selected<DatasetProvider> one = selectSection(entry, "dataset", RecipeSchema.DOWNSTREAM,
                    DatasetProvider.class, problems);
            if (!one.resolved()) {
                continue;
            }
            List<String> has = one.provider.describe(one.settings).fields();
            if (!has.containsAll(fields)) {
                problems.add(new RecipeProblem(one.settings.location("dataset"), one.settings.fullKey("dataset"),
                        "'" + one.provider.name() + "' samples hold " + has + ", but the data set they are appended "
                                + "to has " + fields));
                continue;
            }
            String name = one.settings.getString("name").isEmpty() ? one.provider.name()
                    : one.settings.getString("name");
            out.add(new ValidatedRecipe.Downstream(name, one.provider, one.settings));
        }
        return out;
    }

    /** The data sets of {@code evaluate.datasets}, each named (its {@code name:} or its type), names unique. */
    private List<ValidatedRecipe.Downstream> selectDownstream(Settings evaluate, List<RecipeProblem> problems) {
        List<Settings> entries = evaluate.has("datasets") ? evaluate.getSectionList("datasets") : List.of();
        List<ValidatedRecipe.Downstream> out = new ArrayList<>();
        Map<String, Settings> byName = new LinkedHashMap<>();
        for (Settings entry : entries) {
            Selected<DatasetProvider> one = selectSection(entry, "dataset", RecipeSchema.DOWNSTREAM,
                    DatasetProvider.class, problems);
            if (!one.resolved()) {
                continue;
            }
            String name = one.settings.getString("name").isEmpty() ? one.provider.name()
                    : one.settings.getString("name");
            if (!name.matches(NAME_PATTERN)) {
                problems.add(new RecipeProblem(one.settings.location("name"), one.settings.fullKey("name"),
                        "data set name '" + name + "' must be lower case letters, digits, '_', '.' and '-'"));
                continue;
            }
            Settings earlier = byName.putIfAbsent(name, one.settings);
            if (earlier != null) {
                problems.add(new RecipeProblem(one.settings.location("dataset"), one.settings.fullKey("dataset"),
                        "two downstream data sets are named '" + name + "' (the other at line "
                                + earlier.location().line() + "); give one of them a name: key"));
                continue;
            }
            out.add(new ValidatedRecipe.Downstream(name, one.provider, one.settings));
        }
        return out;
    }

    /**
     * The protocols of {@code evaluate.protocols} (logistic and knn when it is empty), each named: its
     * {@code name:}, else its type, plus the settings that tell it apart from the other unnamed protocols of its
     * type ({@code knn-k10}, {@code knn-k20}). Names must be unique: they name the report rows and the saved files.
     */
    private List<ValidatedRecipe.Protocol> selectProtocols(Settings evaluate, List<RecipeProblem> problems) {
        List<Settings> entries = evaluate.has("protocols") ? evaluate.getSectionList("protocols") : List.of();
        if (entries.isEmpty()) {
            entries = DEFAULT_PROTOCOLS.stream().map(type -> Settings.builder(evaluate.fullKey("protocols"),
                    evaluate.location()).put("type", type, evaluate.location()).build()).toList();
        }
        List<Selected<EvaluationProtocolProvider>> selected = new ArrayList<>();
        for (Settings entry : entries) {
            selected.add(selectSection(entry, "type", RecipeSchema.PROTOCOL, EvaluationProtocolProvider.class,
                    problems));
        }
        if (!selected.stream().allMatch(Selected::resolved)) {
            return List.of();
        }
        List<ValidatedRecipe.Protocol> protocols = new ArrayList<>();
        Map<String, Settings> byName = new LinkedHashMap<>();
        for (Selected<EvaluationProtocolProvider> one : selected) {
            String name = one.settings.getString("name");
            if (!name.isEmpty() && !name.matches(NAME_PATTERN)) {
                problems.add(new RecipeProblem(one.settings.location("name"), one.settings.fullKey("name"),
                        "protocol name '" + name + "' must be lower case letters, digits, '_', '.' and '-', "
                                + "starting with a letter or digit"));
                continue;
            }
            if (name.isEmpty()) {
                name = defaultName(one, selected);
            }
            Settings earlier = byName.putIfAbsent(name, one.settings);
            if (earlier != null) {
                problems.add(new RecipeProblem(one.settings.location("type"), one.settings.fullKey("type"),
                        "two protocols are named '" + name + "' (the other at line " + earlier.location().line()
                                + "); give one of them a name: key"));
                continue;
            }
            protocols.add(new ValidatedRecipe.Protocol(name, one.provider, one.settings));
        }
        return protocols;
    }

    /** The type, plus {@code -<key><value>} for each own setting whose value differs among same-type entries. */
    private static String defaultName(Selected<EvaluationProtocolProvider> one,
                                      List<Selected<EvaluationProtocolProvider>> all) {
        String type = one.provider.name();
        List<Settings> sameType = all.stream().filter(o -> o.provider.name().equals(type)
                && o.settings.getString("name").isEmpty()).map(o -> o.settings).toList();
        StringBuilder name = new StringBuilder(type);
        if (sameType.size() > 1) {
            for (String key : one.provider.schema().keys()) {
                if (sameType.stream().map(s -> String.valueOf(s.raw(key))).distinct().count() > 1) {
                    Object value = one.settings.raw(key);
                    name.append('-').append(value instanceof String text ? text : key + value);
                }
            }
        }
        return name.toString().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
    }

    /**
     * The encoders of {@code encoder:} (one, named "encoder") or {@code encoders: {name: ...}}; presence is read
     * from the recipe as written ({@code raw}), since validation gives absent sections an empty default.
     */
    private Map<String, Selected<EncoderProvider>> selectEncoders(Settings raw, Settings top,
                                                                  List<RecipeProblem> problems) {
        Map<String, Selected<EncoderProvider>> encoders = new LinkedHashMap<>();
        boolean single = raw.has("encoder");
        boolean named = raw.has("encoders");
        if (single && named) {
            problems.add(new RecipeProblem(top.location("encoders"), "encoders",
                    "give either encoder: {type: ...} or encoders: {<name>: {type: ...}, ...}, not both"));
            return encoders;
        }
        if (single) {
            Settings section = top.raw("encoder") instanceof Settings given ? fromRun(given, problems) : null;
            encoders.put(TaskContext.DEFAULT_ENCODER, section == null
                    ? select(top, "encoder", "type", RecipeSchema.ENCODER, EncoderProvider.class, problems)
                    : selectSection(section, "type", RecipeSchema.ENCODER, EncoderProvider.class, problems));
        } else if (named) {
            Settings section = top.getSection("encoders");
            if (section.keys().isEmpty()) {
                problems.add(new RecipeProblem(section.location(), "encoders", "names no encoder"));
            }
            for (String name : section.keys()) {
                if (!name.matches("[a-z][a-z0-9_]*")) {
                    problems.add(new RecipeProblem(section.location(name), section.fullKey(name), "encoder name '"
                            + name + "' must be lower case letters, digits and underscores, starting with a letter"));
                } else if (!(section.raw(name) instanceof Settings)) {
                    problems.add(new RecipeProblem(section.location(name), section.fullKey(name),
                            "expected a mapping {type: <encoder>, ...}"));
                } else {
                    Settings resolved = fromRun(section.getSection(name), problems);
                    encoders.put(name, resolved == null ? select(section, name, "type", RecipeSchema.ENCODER,
                            EncoderProvider.class, problems) : selectSection(resolved, "type", RecipeSchema.ENCODER,
                            EncoderProvider.class, problems));
                }
            }
        } else {
            problems.add(new RecipeProblem(top.location(), "encoder",
                    "the recipe needs encoder: {type: ...} or encoders: {<name>: {type: ...}, ...}"));
        }
        return encoders;
    }

    /**
     * An encoder section that starts from an earlier run's trained encoder ({@code from_run}, no {@code type}): the
     * saved encoder's settings with {@code from_run} (and {@code from_encoder}) kept, so that the run records
     * where it started. Returns null for any other section (validated as written; a written-out {@code type}
     * beside {@code from_run}, as in a resolved recipe, is taken as it stands).
     */
    private static Settings fromRun(Settings section, List<RecipeProblem> problems) {
        if (!(section.raw("from_run") instanceof String run) || run.isEmpty() || section.has("type")) {
            return null;
        }
        for (String key : section.keys()) {
            if (!key.equals("from_run") && !key.equals("from_encoder")) {
                problems.add(new RecipeProblem(section.location(key), section.fullKey(key), "an encoder taken from "
                        + "a run (from_run) has that run's settings; give no other key"));
                return null;
            }
        }
        String name = section.raw("from_encoder") instanceof String chosen ? chosen : "";
        try {
            Path directory = SavedEncoders.directory(Path.of(run), name);
            Settings saved = new RecipeLoader(Map.of()).load(directory.resolve(SavedEncoders.DESCRIPTION), List.of())
                    .getSection("encoder");
            Settings resolved = Settings.builder(section.path(), section.location()).build();
            for (String key : saved.keys()) {
                resolved = resolved.with(key, saved.raw(key), section.location("from_run"));
            }
            resolved = resolved.with("from_run", run, section.location("from_run"));
            return name.isEmpty() ? resolved : resolved.with("from_encoder", name, section.location("from_encoder"));
        } catch (IllegalArgumentException | RecipeException e) {
            problems.add(new RecipeProblem(section.location("from_run"), section.fullKey("from_run"),
                    e.getMessage()));
            return null;
        }
    }

    /** The views of {@code views: [{augment: [...]}, ...]}, or the one view of {@code augment: [...]}. */
    private List<List<Selected<AugmentationProvider>>> selectViews(Settings raw, Settings top,
                                                                   List<RecipeProblem> problems) {
        if (raw.has("views") && raw.has("augment")) {
            problems.add(new RecipeProblem(top.location("views"), "views", "give either augment: [...] (one view) or"
                    + " views: [{augment: [...]}, ...], not both; move augment: into each view"));
            return List.of(List.of());
        }
        if (!raw.has("views")) {
            return List.of(augmentations(top, problems));
        }
        List<Settings> declared = top.getSectionList("views");
        if (declared.isEmpty()) {
            problems.add(new RecipeProblem(top.location("views"), "views", "declares no view; remove it for one "
                    + "view without augmentation, or give [{augment: [...]}, ...]"));
            return List.of(List.of());
        }
        List<List<Selected<AugmentationProvider>>> views = new ArrayList<>();
        for (Settings view : declared) {
            int before = problems.size();
            RecipeSchema.VIEW.validate(view, problems);
            views.add(problems.size() > before ? List.of() : augmentations(view, problems));
        }
        return views;
    }

    private List<Selected<AugmentationProvider>> augmentations(Settings parent, List<RecipeProblem> problems) {
        List<Selected<AugmentationProvider>> chain = new ArrayList<>();
        if (parent.has("augment")) {
            for (Settings element : parent.getSectionList("augment")) {
                chain.add(selectSection(element, "type", RecipeSchema.AUGMENT, AugmentationProvider.class, problems));
            }
        }
        return chain;
    }

    private static Settings namedSections(Settings section, Map<String, Selected<EncoderProvider>> encoders) {
        Settings.Builder b = Settings.builder(section.path(), section.location());
        encoders.forEach((name, e) -> b.put(name, e.settings, section.location(name)));
        return b.build();
    }

    private static List<Settings> viewSections(List<Settings> declared,
                                               List<List<Selected<AugmentationProvider>>> views) {
        List<Settings> out = new ArrayList<>();
        for (int v = 0; v < declared.size(); v++) {
            Settings view = declared.get(v);
            Settings.Builder b = Settings.builder(view.path(), view.location());
            b.put("augment", views.get(v).stream().map(a -> a.settings).toList(), view.location("augment"));
            out.add(b.build());
        }
        return out;
    }

    /**
     * Builds the encoders and the task as a run would, reporting what does not fit: the encoders the task asks
     * for, fields the data lacks, the task's own refusals.
     */
    /** {@code train.held_out.keep_best} chooses on validation data only, and needs held-out scores to choose by. */
    private static void checkModelChoice(Settings top, List<RecipeProblem> problems) {
        if (!(top.raw("train") instanceof Settings train) || !(train.raw("held_out") instanceof Settings heldOut)
                || !Boolean.TRUE.equals(heldOut.raw("keep_best"))) {
            return;
        }
        if (!"validation".equals(heldOut.raw("split"))) {
            problems.add(new RecipeProblem(heldOut.location("keep_best"), heldOut.fullKey("keep_best"), "chooses the "
                    + "model on held-out scores, so it needs split: validation (choosing on the test split would fit "
                    + "the test data the evaluation reports)"));
        } else if (!(heldOut.raw("every_steps") instanceof Number every) || every.longValue() <= 0) {
            problems.add(new RecipeProblem(heldOut.location("keep_best"), heldOut.fullKey("keep_best"),
                    "needs held-out scores to choose by: set every_steps"));
        }
    }

    private void checkBuildable(Map<String, Selected<EncoderProvider>> encoders,
                                Selected<PretextTaskProvider> pretext, Selected<DatasetProvider> data, int views,
                                List<RecipeProblem> problems) {
        int before = problems.size();
        try {
            List<String> wanted = pretext.provider.encoderNames(pretext.settings);
            String where = encoders.containsKey(TaskContext.DEFAULT_ENCODER) ? "encoder" : "encoders";
            if (wanted.isEmpty() && encoders.size() != 1) {
                problems.add(new RecipeProblem(pretext.settings.location("task"), "pretext.task", "task '"
                        + pretext.provider.name() + "' trains one encoder; the recipe names " + encoders.keySet()));
                return;
            }
            for (String name : wanted) {
                if (!encoders.containsKey(name)) {
                    problems.add(new RecipeProblem(pretext.settings.location("task"), "pretext.task", "task '"
                            + pretext.provider.name() + "' needs an encoder named '" + name + "' under encoders:; "
                            + "the recipe names " + encoders.keySet()));
                }
            }
            for (String name : encoders.keySet()) {
                if (!wanted.isEmpty() && !wanted.contains(name)) {
                    problems.add(new RecipeProblem(encoders.get(name).settings.location(), where + "." + name,
                            "encoder '" + name + "' is not used by"
                            + " task '" + pretext.provider.name() + "', which needs " + wanted));
                }
            }
            if (problems.size() > before) {
                return;
            }
            if (encoders.values().stream().anyMatch(e -> e.provider.preparation().isPresent())) {
                return; // prepared from the data: built, and the task checked against it, when the run starts
            }
            Map<String, Encoder> built = new LinkedHashMap<>();
            encoders.forEach((name, e) -> built.put(name, e.provider.create(e.settings)));
            DataDescription description = data.resolved() ? data.provider.describe(data.settings)
                    : new DataDescription(List.of(), List.of());
            if (data.resolved()) {
                built.forEach((name, encoder) -> {
                    if (!description.fields().contains(encoder.modality())) {
                        problems.add(new RecipeProblem(data.settings.location("dataset"), "data.dataset",
                                "data set '" + data.provider.name() + "' has the fields " + description.fields()
                                        + ", but encoder '" + name + "' reads '" + encoder.modality() + "'"));
                    }
                });
                if (problems.size() > before) {
                    return;
                }
            }
            TaskContext context = new TaskContext(pretext.settings, built, description, views,
                    name -> encoders.get(name).provider.create(encoders.get(name).settings));
            String reason = pretext.provider.unsupportedReason(context);
            if (!reason.isEmpty()) {
                problems.add(new RecipeProblem(pretext.settings.location("task"), "pretext.task", reason));
                return;
            }
            pretext.provider.create(context);
        } catch (RecipeException e) {
            problems.addAll(e.problems());
        }
    }

    private <T extends NamedExtension> Selected<T> select(Settings parent, String sectionKey, String selector,
                                                          SettingsSchema common, Class<T> type,
                                                          List<RecipeProblem> problems) {
        if (!parent.has(sectionKey)) {
            return new Selected<>(null, null); // not a mapping: the parent's schema reported it
        }
        return selectSection(parent.getSection(sectionKey), selector, common, type, problems);
    }

    private <T extends NamedExtension> Selected<T> selectSection(Settings section, String selector,
                                                                 SettingsSchema common, Class<T> type,
                                                                 List<RecipeProblem> problems) {
        ExtensionKind kind = ExtensionKind.of(type);
        int before = problems.size();
        Settings commonPart = common.validate(only(section, common), problems);
        if (problems.size() > before || !commonPart.has(selector)) {
            return new Selected<>(null, section);
        }
        String name = commonPart.getString(selector);
        if (!registry.contains(kind, name)) {
            problems.add(new RecipeProblem(section.location(selector), section.fullKey(selector),
                    "unknown " + kind.label() + " '" + name + "'; known: " + String.join(", ", registry.names(kind))));
            return new Selected<>(null, section);
        }
        T provider = registry.get(type, name);
        SettingsSchema full = common.merge(provider.schema());
        return new Selected<>(provider, full.validate(section, problems));
    }

    private static Settings only(Settings section, SettingsSchema schema) {
        Settings.Builder b = Settings.builder(section.path(), section.location());
        for (String key : section.keys()) {
            if (schema.keys().contains(key)) {
                b.put(key, section.raw(key), section.location(key));
            }
        }
        return b.build();
    }

    /** An extension picked by a section, with the section validated against its schema; no provider if invalid. */
    private record Selected<T>(T provider, Settings settings) {
        boolean resolved() {
            return provider != null;
        }
    }
}
