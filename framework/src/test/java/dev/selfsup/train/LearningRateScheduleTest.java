package dev.selfsup.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LearningRateScheduleTest {

    @Test
    void warmsUpLinearlyThenDecaysByCosineToTheFloor() {
        LearningRateSchedule s = new LearningRateSchedule(1.0, 10, 110, 0.1, true);
        assertEquals(0.1, s.rate(0), 1e-12);
        assertEquals(1.0, s.rate(9), 1e-12);
        assertEquals(1.0, s.rate(10), 1e-12);
        assertEquals(0.55, s.rate(60), 1e-12);
        assertEquals(0.1, s.rate(110), 1e-12);
        for (long step = 11; step < 110; step++) {
            assertTrue(s.rate(step) < s.rate(step - 1), "decreasing at " + step);
        }
    }

    @Test
    void constantKeepsThePeak() {
        LearningRateSchedule s = new LearningRateSchedule(0.5, 0, 100, 0.0, false);
        assertEquals(0.5, s.rate(0));
        assertEquals(0.5, s.rate(99));
    }
}
