package dev.selfsup.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchPlanTest {

    private static TrainingPlan plan(int epochs, long maxSteps, int batchSize) {
        return new TrainingPlan(epochs, maxSteps, batchSize, 1e-3, 0.0, 0.9, 0.95, 1e-8, true, 0, 0.0, 1.0, 0, 1, 10);
    }

    private static int[] lengths(int count) {
        Random random = new Random(4);
        int[] lengths = new int[count];
        Arrays.setAll(lengths, i -> random.nextInt(10) == 0 ? 120 + random.nextInt(9) : 5 + random.nextInt(40));
        return lengths;
    }

    @Test
    void aFixedPlanIsTheCountArithmetic() {
        BatchPlan fixed = BatchPlan.of(plan(3, 0, 16), 70);
        assertEquals(12, fixed.totalSteps(), "4 full batches of 16 per epoch, the last 6 samples dropped");
        assertEquals(2, fixed.epoch(9));
        assertEquals(1, fixed.batchInEpoch(9));
        assertEquals(16, fixed.offset(9));
        assertEquals(16, fixed.size(9));
        assertEquals(4, fixed.stepsInEpoch(0));
    }

    @Test
    void aTokenBudgetPacksEachEpochsSamplesOnceWithinTheBudgetAndTheCount() {
        int[] lengths = lengths(500);
        StepSeeds seeds = new StepSeeds(9);
        BatchPlan batches = BatchPlan.tokenBudget(plan(2, 0, 32), lengths, 512, seeds);
        int[] seen = new int[lengths.length];
        long previousEpoch = 0;
        long expectedBatch = 0;
        long shortSteps = 0;
        long shortSamples = 0;
        long longSteps = 0;
        long longSamples = 0;
        for (long step = 0; step < batches.totalSteps(); step++) {
            long epoch = batches.epoch(step);
            if (epoch != previousEpoch) {
                assertEquals(batches.stepsInEpoch(previousEpoch), expectedBatch, "steps of epoch " + previousEpoch);
                previousEpoch = epoch;
                expectedBatch = 0;
            }
            assertEquals(expectedBatch++, batches.batchInEpoch(step));
            int[] order = seeds.epochOrder(epoch, lengths.length);
            int size = batches.size(step);
            int longest = 0;
            for (int i = 0; i < size; i++) {
                int sample = order[batches.offset(step) + i];
                longest = Math.max(longest, lengths[sample]);
                seen[sample]++;
            }
            assertTrue(size <= 32, "at most batch_size samples: " + size);
            if (longest < 50) {
                shortSteps++;
                shortSamples += size;
            } else {
                longSteps++;
                longSamples += size;
            }
            assertTrue(size == 1 || size * longest <= 512, "within the budget: " + size + " x " + longest);
        }
        assertEquals(1, previousEpoch);
        assertTrue(Arrays.stream(seen).allMatch(n -> n == 2), "every sample once per epoch");
        assertEquals(batches.totalSteps() - batches.stepsInEpoch(0), batches.stepsInEpoch(1));
        assertEquals(1, batches.epoch(batches.totalSteps()), "after the last step: the last epoch");
        assertEquals(batches.stepsInEpoch(1), batches.batchInEpoch(batches.totalSteps()));
        assertTrue(shortSteps > 0 && longSteps > 0);
        assertTrue((double) shortSamples / shortSteps > 8, "short texts share a step: " + shortSamples + " in "
                + shortSteps);
        assertTrue(longSamples <= 4L * longSteps, "at most 4 texts beside one of 120+ tokens");
        assertEquals((double) (2 * lengths.length) / batches.totalSteps(), batches.meanBatchSize(), 1e-9);
    }

    @Test
    void maxStepsCutsTheTokenBudgetPlanAndItIsTheSameEveryTime() {
        int[] lengths = lengths(300);
        BatchPlan cut = BatchPlan.tokenBudget(plan(1, 100, 16), lengths, 256, new StepSeeds(3));
        BatchPlan again = BatchPlan.tokenBudget(plan(1, 100, 16), lengths, 256, new StepSeeds(3));
        assertEquals(100, cut.totalSteps(), "as many epochs as the steps need");
        assertTrue(cut.epoch(99) >= 1);
        for (long step = 0; step < 100; step++) {
            assertEquals(cut.offset(step), again.offset(step));
            assertEquals(cut.size(step), again.size(step));
        }
    }
}
