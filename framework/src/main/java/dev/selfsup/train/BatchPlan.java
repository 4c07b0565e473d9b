package dev.selfsup.train;

import java.util.ArrayList;
import java.util.List;

/**
 * Which training samples each step reads, as positions in the seeded epoch orders ({@link StepSeeds#epochOrder}).
 * Either a fixed count ({@code train.batch_size} samples a step, the last partial batch of an epoch dropped), or a
 * token budget ({@code train.batch_tokens}): each step takes the next samples of the epoch order while the padded
 * batch (samples times the longest of them, in tokens) stays within the budget and the count within
 * {@code batch_size}, so a step of short texts holds more of them than a step of long ones and little compute goes
 * to padding; every sample of an epoch is read. A plan is a pure function of its settings, the sample lengths and
 * the seed, so a resumed run reads what an uninterrupted one would.
 */
public final class BatchPlan {

    private final int batchSize;
    private final int tokenBudget;
    private final long totalSteps;
    private final long stepsPerEpoch;
    /** Token-budget plans: per step, its epoch, its first position in the epoch order, its sample count. */
    private final int[] epochOf;
    private final int[] offsetOf;
    private final int[] sizeOf;
    /** Token-budget plans: per epoch, its first step. */
    private final long[] firstStepOf;

    private BatchPlan(int batchSize, int tokenBudget, long totalSteps, long stepsPerEpoch, int[] epochOf,
                      int[] offsetOf, int[] sizeOf, long[] firstStepOf) {
        this.batchSize = batchSize;
        this.tokenBudget = tokenBudget;
        this.totalSteps = totalSteps;
        this.stepsPerEpoch = stepsPerEpoch;
        this.epochOf = epochOf;
        this.offsetOf = offsetOf;
        this.sizeOf = sizeOf;
        this.firstStepOf = firstStepOf;
    }

    /**
     * A fixed count per step.
     *
     * @param batchSize samples per step
     * @param stepsPerEpoch steps per pass over the data
     * @param totalSteps steps of the run
     * @return the plan
     */
    public static BatchPlan fixed(int batchSize, long stepsPerEpoch, long totalSteps) {
        return new BatchPlan(batchSize, 0, totalSteps, stepsPerEpoch, null, null, null, null);
    }

    /**
     * The fixed-count plan of a training plan.
     *
     * @param plan the training plan
     * @param dataSize samples in the training split
     * @return the plan
     */
    public static BatchPlan of(TrainingPlan plan, int dataSize) {
        return fixed(Math.min(plan.batchSize(), dataSize), plan.stepsPerEpoch(dataSize), plan.totalSteps(dataSize));
    }

    /**
     * A token budget per step.
     *
     * @param plan the training plan: its batch size caps the count, its epochs or maximum steps the length
     * @param lengths per training sample, its length in tokens as the encoder reads it
     * @param tokenBudget the most padded tokens a step holds (a longer sample makes a step of its own)
     * @param seeds the run's streams (the epoch orders)
     * @return the plan
     */
    public static BatchPlan tokenBudget(TrainingPlan plan, int[] lengths, int tokenBudget, StepSeeds seeds) {
        int cap = Math.min(plan.batchSize(), lengths.length);
        List<int[]> steps = new ArrayList<>(); // epoch, offset, size
        List<Long> firstSteps = new ArrayList<>();
        long wanted = plan.maxSteps() > 0 ? plan.maxSteps() : Long.MAX_VALUE;
        for (int epoch = 0; plan.maxSteps() > 0 ? steps.size() < wanted : epoch < plan.epochs(); epoch++) {
            firstSteps.add((long) steps.size());
            int[] order = seeds.epochOrder(epoch, lengths.length);
            int i = 0;
            while (i < order.length && steps.size() < wanted) {
                int start = i;
                int longest = 0;
                while (i < order.length && i - start < cap) {
                    int candidate = Math.max(longest, lengths[order[i]]);
                    if (i > start && (long) (i - start + 1) * candidate > tokenBudget) {
                        break;
                    }
                    longest = candidate;
                    i++;
                }
                steps.add(new int[] {epoch, start, i - start});
            }
        }
        firstSteps.add((long) steps.size());
        int[] epochOf = new int[steps.size()];
        int[] offsetOf = new int[steps.size()];
        int[] sizeOf = new int[steps.size()];
        for (int s = 0; s < steps.size(); s++) {
            epochOf[s] = steps.get(s)[0];
            offsetOf[s] = steps.get(s)[1];
            sizeOf[s] = steps.get(s)[2];
        }
        return new BatchPlan(cap, tokenBudget, steps.size(), 0, epochOf, offsetOf, sizeOf,
                firstSteps.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Returns the run's steps.
     *
     * @return the total
     */
    public long totalSteps() {
        return totalSteps;
    }

    /**
     * Returns the most samples a step reads.
     *
     * @return {@code batch_size}, or less for a smaller split
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Returns the token budget.
     *
     * @return padded tokens per step at most, 0 for a fixed count
     */
    public int tokenBudget() {
        return tokenBudget;
    }

    /**
     * Returns the epoch a step reads from; for the step after the last, the epoch the run ends in.
     *
     * @param step the step, {@code 0 <= step <= totalSteps()}
     * @return the epoch
     */
    public long epoch(long step) {
        if (epochOf == null) {
            return step / stepsPerEpoch;
        }
        return step < totalSteps ? epochOf[(int) step] : totalSteps == 0 ? 0 : epochOf[(int) totalSteps - 1];
    }

    /**
     * Returns a step's place in its epoch; for the step after the last, one past the last step's.
     *
     * @param step the step, {@code 0 <= step <= totalSteps()}
     * @return the batch index within the epoch
     */
    public long batchInEpoch(long step) {
        if (epochOf == null) {
            return step % stepsPerEpoch;
        }
        return step - firstStepOf[(int) epoch(step)];
    }

    /**
     * Returns the steps of an epoch.
     *
     * @param epoch the epoch
     * @return its steps (the steps the run takes of it, for the last epoch of a run cut by {@code max_steps})
     */
    public long stepsInEpoch(long epoch) {
        if (epochOf == null) {
            return stepsPerEpoch;
        }
        return epoch + 1 < firstStepOf.length ? firstStepOf[(int) epoch + 1] - firstStepOf[(int) epoch] : 1;
    }

    /**
     * Returns where a step's samples start in its epoch's order.
     *
     * @param step the step
     * @return the position of its first sample
     */
    int offset(long step) {
        return epochOf == null ? (int) ((step % stepsPerEpoch) * batchSize) : offsetOf[(int) step];
    }

    /**
     * Returns how many samples a step reads.
     *
     * @param step the step
     * @return the count
     */
    int size(long step) {
        return epochOf == null ? batchSize : sizeOf[(int) step];
    }

    /**
     * Returns the fewest samples any step reads.
     *
     * @return the smallest batch
     */
    int smallestBatch() {
        if (sizeOf == null) {
            return batchSize;
        }
        int smallest = batchSize;
        for (int size : sizeOf) {
            smallest = Math.min(smallest, size);
        }
        return smallest;
    }

    /**
     * Returns the mean samples per step.
     *
     * @return the mean
     */
    public double meanBatchSize() {
        if (sizeOf == null) {
            return batchSize;
        }
        long sum = 0;
        for (int size : sizeOf) {
            sum += size;
        }
        return sizeOf.length == 0 ? 0 : (double) sum / sizeOf.length;
    }
}
