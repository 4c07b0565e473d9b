package dev.selfsup.eval.protocols;

import dev.selfsup.api.eval.EvaluationProtocolProvider;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.eval.EvaluationProtocol;
import dev.selfsup.api.eval.LabelledFeatures;


import org.tribuo.Trainer;
import org.tribuo.classification.Label;

/**
 * The shape of every built-in Tribuo protocol provider: a name, a description, a schema, and how to build the
 * trainer from the validated settings; the training, scaling choice, scoring and saving are
 * {@link TribuoProtocol}'s.
 */
abstract class TribuoProtocolProvider implements EvaluationProtocolProvider {

    private final String name;
    private final String description;
    private final SettingsSchema schema;

    /**
     * Creates the provider.
     *
     * @param name the recipe name
     * @param description one line for {@code selfsup plugins}
     * @param schema its keys (with {@code standardize} where scaling matters)
     */
    TribuoProtocolProvider(String name, String description, SettingsSchema schema) {
        this.name = name;
        this.description = description;
        this.schema = schema;
    }

    /**
     * Builds the trainer.
     *
     * @param settings the validated entry
     * @param rows the rows it will be trained on
     * @param seed the protocol seed of the subset
     * @return the trainer
     */
    abstract Trainer<Label> trainer(Settings settings, LabelledFeatures rows, long seed);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final SettingsSchema schema() {
        return schema;
    }

    @Override
    public EvaluationProtocol create(Settings settings) {
        return new TribuoProtocol(settings, name) {
            @Override
            Trainer<Label> trainer(LabelledFeatures rows, long seed) {
                return TribuoProtocolProvider.this.trainer(settings, rows, seed);
            }
        };
    }
}
