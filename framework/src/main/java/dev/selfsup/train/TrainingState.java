package dev.selfsup.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The loop's position, saved as {@code state.json} in every checkpoint next to the parameters and the
 * optimizer moments. Every random number the loop draws (epoch order, masking, augmentation) comes from a
 * stream derived from {@code seed} and the epoch or step ({@link StepSeeds}), so {@code seed} and
 * {@code step} are the complete state of all random streams; the engine's generator is used only to
 * initialise the model, before a checkpoint is restored over it.
 *
 * @param format the file format version
 * @param step completed steps; the resumed run starts with this step
 * @param epoch the epoch of the next step
 * @param batchInEpoch the data cursor: the batch of {@code epoch}'s order the next step reads
 * @param totalSteps the planned number of steps
 * @param batchSize samples per step (the most, with a token budget)
 * @param trainSize samples in the training split
 * @param shards the data-parallel shards per step (each draws its own masking stream)
 * @param threads the native intra-op threads (another count changes float reduction order)
 * @param seed the run seed from which all random streams derive
 * @param rngScheme how the random streams are derived from {@code seed} and positions
 * @param optimizerUpdates AdamW updates applied (the bias-correction position)
 * @param learningRate the rate of the last step taken
 * @param firstLoss loss of the run's first step
 * @param windowLossSum sum of losses in the current, unfinished logging window
 * @param windowSteps steps in that window
 * @param trainingSeconds wall time spent training up to this checkpoint, over every process of the run (null in
 *     checkpoints written before it was recorded)
 * @param batchTokens the token budget per step, null or 0 for a fixed count (checkpoints before it have none)
 * @param bestStep with {@code train.held_out.keep_best}: the step whose model had the lowest held-out loss so far
 *     (its parameters are the checkpoint's {@code best.params}); null otherwise
 * @param bestLoss that loss, or null
 */
public record TrainingState(int format, long step, long epoch, long batchInEpoch, long totalSteps, int batchSize,
                            int trainSize, int shards, String threads, long seed, String rngScheme, long optimizerUpdates, double learningRate,
                            double firstLoss, double windowLossSum, long windowSteps, Double trainingSeconds,
                            Integer batchTokens, Long bestStep, Double bestLoss) {

    /** The format this version writes. */
    public static final int FORMAT = 1;

    /** The random stream derivation of {@link StepSeeds}. */
    public static final String RNG_SCHEME = "splitmix(seed, purpose, epoch|step)-v1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Reads a checkpoint's state and checks that it is consistent in itself and with its folder's name, and
     * that it can continue a run with the given settings.
     *
     * @param checkpoint the checkpoint folder ({@code step-NNNNNN})
     * @param runSeed the run's seed
     * @param runBatches which samples its steps read
     * @param runTrainSize its training-set size
     * @param runShards its data-parallel shard count
     * @return the state
     * @throws CheckpointException if it cannot be read, is inconsistent or belongs to another run, naming the
     *     checkpoint and the reason
     */
    public static TrainingState readFor(Path checkpoint, long runSeed, BatchPlan runBatches, int runTrainSize,
                                        int runShards) {
        Path file = checkpoint.resolve("state.json");
        TrainingState state;
        try {
            state = read(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String mismatch = state.mismatch(runSeed, runBatches, runTrainSize, runShards);
        if (!mismatch.isEmpty()) {
            throw new CheckpointException("cannot resume from " + checkpoint + ": " + mismatch, null);
        }
        String name = checkpoint.getFileName().toString();
        String inconsistency = state.inconsistency(runBatches);
        if (inconsistency.isEmpty() && !name.equals(Checkpoints.folderName(state.step()))) {
            inconsistency = "it says step " + state.step() + " but its folder is " + name;
        }
        if (!inconsistency.isEmpty()) {
            throw new CheckpointException("cannot resume from " + checkpoint + ": its state.json is inconsistent ("
                    + inconsistency + "); it was edited or written by a faulty program. Move it out of "
                    + checkpoint.getParent() + " to resume from the checkpoint before it", null);
        }
        return state;
    }

    /**
     * Says what in this state contradicts itself: a step outside the plan, a data cursor that is not the
     * step's, more optimizer updates or window steps than steps, a loss or rate that is not a finite number.
     *
     * @param batches which samples the run's steps read
     * @return an empty string if consistent, else the first contradiction
     */
    public String inconsistency(BatchPlan batches) {
        if (step < 0 || step > totalSteps) {
            return "step " + step + " is outside the plan's 0 to " + totalSteps + " steps";
        }
        if (step <= batches.totalSteps() && (epoch != batches.epoch(step)
                || batchInEpoch != batches.batchInEpoch(step))) {
            return "its data cursor (epoch " + epoch + ", batch " + batchInEpoch + ") is not that of step " + step
                    + " (epoch " + batches.epoch(step) + ", batch " + batches.batchInEpoch(step) + ")";
        }
        if (optimizerUpdates < 0 || optimizerUpdates > step) {
            return optimizerUpdates + " optimizer updates in " + step + " steps";
        }
        if (windowSteps < 0 || windowSteps > step) {
            return windowSteps + " steps in the logging window after " + step + " steps";
        }
        if (!Double.isFinite(learningRate) || learningRate < 0) {
            return "learning rate " + learningRate;
        }
        if (step > 0 && !Double.isFinite(firstLoss) || !Double.isFinite(windowLossSum)) {
            return "losses " + firstLoss + " and " + windowLossSum + " are not finite";
        }
        if (trainingSeconds != null && !(trainingSeconds >= 0)) {
            return "training time " + trainingSeconds + " s";
        }
        return "";
    }

    /**
     * Says why this state cannot continue a run with the given settings.
     *
     * @param runSeed the run's seed
     * @param runBatches which samples its steps read
     * @param runTrainSize its training-set size
     * @param runShards its data-parallel shard count
     * @return an empty string if it can, else the differences
     */
    public String mismatch(long runSeed, BatchPlan runBatches, int runTrainSize, int runShards) {
        List<String> differences = new ArrayList<>();
        long runTotalSteps = runBatches.totalSteps();
        if (seed != runSeed) {
            differences.add("seed " + seed + " vs " + runSeed);
        }
        if (batchSize != runBatches.batchSize()) {
            differences.add("batch size " + batchSize + " vs " + runBatches.batchSize());
        }
        int tokens = batchTokens == null ? 0 : batchTokens;
        if (tokens != runBatches.tokenBudget()) {
            differences.add("token budget " + tokens + " vs " + runBatches.tokenBudget());
        }
        if (trainSize != runTrainSize) {
            differences.add("training samples " + trainSize + " vs " + runTrainSize);
        }
        if (totalSteps != runTotalSteps) {
            differences.add("planned steps " + totalSteps + " vs " + runTotalSteps);
        }
        if (shards != runShards) {
            differences.add("data-parallel shards " + shards + " vs " + runShards);
        }
        if (!RNG_SCHEME.equals(rngScheme)) {
            differences.add("random streams " + rngScheme + " vs " + RNG_SCHEME);
        }
        return differences.isEmpty() ? "" : "it was written by a different run (checkpoint vs now: "
                + String.join(", ", differences) + ")";
    }

    /**
     * Writes the state as JSON (doubles round-trip exactly).
     *
     * @param file the file
     * @throws IOException on failure
     */
    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }

    /**
     * Reads a state file.
     *
     * @param file the file
     * @return the state
     * @throws IOException if it cannot be read or is of another format
     */
    public static TrainingState read(Path file) throws IOException {
        TrainingState state = JSON.readValue(file.toFile(), TrainingState.class);
        if (state.format() != FORMAT) {
            throw new IOException(file + " has format " + state.format() + ", this version reads " + FORMAT);
        }
        return state;
    }
}
