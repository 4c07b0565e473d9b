package dev.selfsup.run;

import dev.selfsup.store.RunFolder;
import dev.selfsup.eval.EvaluationReport;
import dev.selfsup.train.TrainingSummary;

/**
 * What a recipe run produced.
 *
 * @param folder the run folder
 * @param training the pretraining summary
 * @param report the evaluation report, or null when evaluation is disabled
 */
public record RunResult(RunFolder folder, TrainingSummary training, EvaluationReport report) {
}
