/**
 * The evaluation contract: an {@link dev.selfsup.api.eval.EvaluationProtocol} gets a representation's labelled
 * and test features ({@link dev.selfsup.api.eval.ProtocolInput}) and returns named metrics
 * ({@link dev.selfsup.api.eval.ProtocolResult}); the framework runs it over label fractions and seeded subsets and
 * reports mean, spread and a verdict. Since API 0.2.
 */
package dev.selfsup.api.eval;
