package dev.selfsup.eval;

/**
 * The score of one probe on one representation at one label fraction.
 *
 * @param representation the representation probed, e.g. {@code pretrained}, {@code random_encoder}, {@code raw}
 * @param probe          the probe type ({@link ProbeSpec#LOGISTIC} or {@link ProbeSpec#KNN})
 * @param labelFraction  the share of training labels used
 * @param trainExamples  number of labelled training rows used
 * @param testExamples   number of test rows scored
 * @param accuracy       test accuracy in {@code [0, 1]}
 * @param macroF1        macro-averaged test F1 in {@code [0, 1]}
 * @param trainSeconds   wall time of {@code Trainer.train} (near zero for kNN, whose cost is at prediction)
 * @param modelFile      path of the saved Tribuo model, or {@code null} when not saved
 */
public record ProbeResult(String representation, String probe, double labelFraction, int trainExamples,
                          int testExamples, double accuracy, double macroF1, double trainSeconds,
                          String modelFile) {

    /**
     * Returns this result with its model file in another folder, for probes written to a staging folder that
     * is then moved into place.
     *
     * @param folder the folder the model file ends up in
     * @return the result
     */
    public ProbeResult movedTo(java.nio.file.Path folder) {
        return modelFile == null ? this : new ProbeResult(representation, probe, labelFraction, trainExamples,
                testExamples, accuracy, macroF1, trainSeconds,
                folder.resolve(java.nio.file.Path.of(modelFile).getFileName()).toString());
    }
}
