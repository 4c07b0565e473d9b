package dev.selfsup.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsTest {

    @Test
    void quantilesInterpolateBetweenOrderedValues() {
        List<Double> values = List.of(5.0, 1.0, 3.0, 2.0, 4.0);
        assertEquals(3.0, Stats.median(values));
        assertEquals(1.4, Stats.quantile(values, 0.1), 1e-12);
        assertEquals(5.0, Stats.quantile(values, 1.0));
        assertEquals(2.5, Stats.median(List.of(3.0, 2.0)));
    }
}
