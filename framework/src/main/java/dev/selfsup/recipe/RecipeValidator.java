package dev.selfsup.recipe;

import dev.selfsup.api.AugmentationProvider;
import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DownstreamHeadProvider;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.EncoderProvider;
import dev.selfsup.api.NamedExtension;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.RecipeException;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.device.DeviceSelection;
import dev.selfsup.plugin.ExtensionKind;
import dev.selfsup.plugin.ExtensionRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * Validates a loaded recipe completely before anything runs: the framework's keys, the names of the
 * extensions it selects (listing the known ones), each extension's own keys, and cross-field rules the
 * extensions check when they are built. All problems are reported together, each with file, line and key.
 */
public final class RecipeValidator {

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
        int beforeModel = problems.size();
        Selected<EncoderProvider> encoder = select(top, "encoder", "type", RecipeSchema.ENCODER,
                EncoderProvider.class, problems);
        Selected<PretextTaskProvider> pretext = select(top, "pretext", "task", RecipeSchema.PRETEXT,
                PretextTaskProvider.class, problems);
        boolean modelSectionsValid = encoder.resolved() && pretext.resolved() && problems.size() == beforeModel;
        List<Selected<AugmentationProvider>> augment = new ArrayList<>();
        if (top.has("augment")) {
            for (Settings element : top.getSectionList("augment")) {
                augment.add(selectSection(element, "type", RecipeSchema.AUGMENT, AugmentationProvider.class,
                        problems));
            }
        }
        Settings evaluate = top.has("evaluate") ? top.getSection("evaluate")
                : Settings.builder("evaluate", top.location()).build();
        Selected<DownstreamHeadProvider> head = select(evaluate, "head", "type", RecipeSchema.HEAD,
                DownstreamHeadProvider.class, problems);
        if (modelSectionsValid) {
            checkBuildable(encoder, pretext, problems);
        }
        if (!problems.isEmpty()) {
            throw new RecipeException(problems);
        }
        Settings.Builder evaluateBuilder = Settings.builder(evaluate.path(), evaluate.location());
        evaluate.keys().forEach(k -> evaluateBuilder.put(k, k.equals("head") ? head.settings : evaluate.raw(k),
                evaluate.location(k)));
        Settings.Builder root = Settings.builder(top.path(), top.location());
        for (String key : top.keys()) {
            Object value = switch (key) {
                case "data" -> data.settings;
                case "encoder" -> encoder.settings;
                case "pretext" -> pretext.settings;
                case "evaluate" -> evaluateBuilder.build();
                case "augment" -> augment.stream().map(a -> a.settings).toList();
                default -> top.raw(key);
            };
            root.put(key, value, top.location(key));
        }
        return new ValidatedRecipe(root.build(), data.provider, encoder.provider, pretext.provider, head.provider,
                augment.stream().map(a -> new ValidatedRecipe.Augment(a.provider, a.settings)).toList());
    }

    private void checkBuildable(Selected<EncoderProvider> encoder, Selected<PretextTaskProvider> pretext,
                                List<RecipeProblem> problems) {
        try {
            Encoder built = encoder.provider.create(encoder.settings);
            String reason = pretext.provider.unsupportedReason(built);
            if (!reason.isEmpty()) {
                problems.add(new RecipeProblem(pretext.settings.location("task"), "pretext.task", reason));
                return;
            }
            pretext.provider.create(pretext.settings, built);
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
