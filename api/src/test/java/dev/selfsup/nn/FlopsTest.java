package dev.selfsup.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FlopsTest {

    @Test
    void countsATransformerLayerByHand() {
        // 10 tokens, width 8, MLP 32: QKV 2*10*8*24, scores and mixing 2*(2*10*10*8), output 2*10*8*8,
        // MLP 2*10*8*32 + 2*10*32*8
        long expected = 3840 + 3200 + 1280 + 5120 + 5120;
        assertEquals(expected, Flops.transformerLayer(10, 8, 4.0));
        assertEquals(2 * 3 * 4 * 5, Flops.linear(3, 4, 5));
        assertEquals(3 * expected, Flops.training(expected));
    }
}
