package dev.selfsup.api;

import dev.selfsup.api.eval.EvaluationProtocol;

/**
 * Extension point for evaluation protocols. Recipes list them under {@code evaluate.protocols}, each
 * {@code {type: <name>, ...its keys}}; the framework reserves {@code type}, {@code name} and
 * {@code label_fractions} in every entry.
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
