package dev.selfsup.text.lm;

import dev.selfsup.api.PretextTask;
import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.SettingsSchema;
import dev.selfsup.api.TaskContext;
import org.pf4j.Extension;

/** Provides the {@code clm} pretext task: causal (next-token) language modelling. */
@Extension
public final class CausalLmTaskProvider implements PretextTaskProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder().build();

    @Override
    public String name() {
        return "clm";
    }

    @Override
    public String description() {
        return "causal language modelling (GPT): predict every next token; needs encoder.causal: true";
    }

    @Override
    public SettingsSchema schema() {
        return SCHEMA;
    }

    @Override
    public String unsupportedReason(TaskContext context) {
        return LanguageModelling.unsupportedReason(context, name(), true);
    }

    @Override
    public PretextTask create(TaskContext context) {
        return new CausalLmTask(context.encoderName(), context.encoder(),
                LanguageModelling.tokens(context, name(), true));
    }
}
