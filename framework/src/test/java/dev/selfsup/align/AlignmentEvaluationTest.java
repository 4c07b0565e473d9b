package dev.selfsup.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The ranks behind recall@k, and the Wilson interval. */
class AlignmentEvaluationTest {

    @Test
    void aPartnerTiedWithOthersRanksBehindThem() {
        try (NDManager manager = NDManager.newBaseManager()) {
            var identity = manager.eye(4);
            assertArrayEquals(new long[] {0, 0, 0, 0}, AlignmentEvaluation.partnerRanks(identity, identity));
            var constant = manager.ones(new Shape(4, 2)).div(Math.sqrt(2));
            assertArrayEquals(new long[] {3, 3, 3, 3}, AlignmentEvaluation.partnerRanks(constant, constant),
                    "a constant embedding scores chance, not 100%");
            var queries = manager.create(new float[] {1, 0, 0, 1, 0.6f, 0.8f}, new Shape(3, 2));
            var candidates = manager.create(new float[] {0, 1, 0, 1, 0.6f, 0.8f}, new Shape(3, 2));
            // query 0 (1,0): own 0, others 0 and 0.6 -> 2 at least as similar; query 1 (0,1): own 1, others 1, 0.8
            // -> 1 tie; query 2: own 1.0, others 0.8, 0.8 -> 0
            assertArrayEquals(new long[] {2, 1, 0}, AlignmentEvaluation.partnerRanks(queries, candidates));
        }
    }

    @Test
    void theWilsonIntervalMatchesItsFormula() {
        AlignmentEvaluation.Share share = AlignmentEvaluation.Share.of(8, 10);
        assertEquals(0.8, share.value(), 1e-12);
        assertEquals(0.4902, share.low(), 1e-4);  // Wilson 95% for 8/10: 0.4902 - 0.9433
        assertEquals(0.9433, share.high(), 1e-4);
        AlignmentEvaluation.Share none = AlignmentEvaluation.Share.of(0, 644);
        assertEquals(0.0, none.low(), 1e-12);
        assertTrue(none.high() > 0.005 && none.high() < 0.006, none.toString());
    }
}
