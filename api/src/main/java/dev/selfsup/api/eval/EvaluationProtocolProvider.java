package dev.selfsup.api.eval;

import dev.selfsup.api.NamedExtension;
import dev.selfsup.api.Settings;

/**
 * Extension point for evaluation protocols. Recipes list them under {@code evaluate.protocols}, each
 * {@code {type: <name>, ...its keys}}; the framework reserves {@code type}, {@code name}, {@code label_fractions}
 * and {@code max_subsets} in every entry.
 */
public interface EvaluationProtocolProvider extends NamedExtension {

    /**
     * Builds the protocol.
     *
     * @param settings its validated entry
     * @return the protocol
     */
    EvaluationProtocol create(Settings settings);
}
