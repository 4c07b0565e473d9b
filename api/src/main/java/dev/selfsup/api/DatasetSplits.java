package dev.selfsup.api;

import java.util.Map;

/**
 * An opened data set: the split used for pretraining (and probe training), the held-out split used to
 * score probes, and provenance facts (file hashes, package versions) recorded in the run folder.
 *
 * @param train the training split (labels optional: only probes use them)
 * @param test the evaluation split, labelled
 * @param provenance facts about where the data came from, e.g. file name to sha256
 */
public record DatasetSplits(SampleSource train, SampleSource test, Map<String, String> provenance) {
}
