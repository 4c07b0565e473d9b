package dev.selfsup.audio.wav2vec;

/**
 * The wav2vec task's settings, validated.
 *
 * @param maskProbability share of frames starting a masked span (the code's {@code mask_prob}, 0.65)
 * @param maskSpan frames per span (10)
 * @param distractors negatives per masked frame (100)
 * @param similarityTemperature the contrastive temperature (0.1)
 * @param groups quantiser groups (2)
 * @param entries codewords per group (320)
 * @param codeDim quantised vector width (256)
 * @param finalDim width of the compared projections (256)
 * @param maxTemperature Gumbel temperature at the start (2)
 * @param minTemperature Gumbel temperature at the end (0.5)
 * @param annealFraction share of the run over which it falls to the minimum
 * @param diversityWeight weight of the diversity loss (0.1)
 * @param penaltyWeight weight of the feature penalty (10)
 * @param featureGradient factor on the feature encoder's gradient (0.1)
 */
record Wav2vecSettings(double maskProbability, int maskSpan, int distractors, double similarityTemperature,
                       int groups, int entries, int codeDim, int finalDim, double maxTemperature,
                       double minTemperature, double annealFraction, double diversityWeight, double penaltyWeight,
                       double featureGradient) {
}
