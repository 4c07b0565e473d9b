package dev.selfsup.device;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceSelectionTest {

    @Test
    void resolvesEachForm() {
        assertEquals(Device.cpu(), DeviceSelection.resolve("auto", 0));
        assertEquals(Device.gpu(0), DeviceSelection.resolve("auto", 2));
        assertEquals(Device.cpu(), DeviceSelection.resolve("cpu", 2));
        assertEquals(Device.gpu(0), DeviceSelection.resolve("gpu", 1));
        assertEquals(Device.gpu(1), DeviceSelection.resolve("gpu:1", 2));
        assertEquals(List.of(Device.gpu(0), Device.gpu(1)), DeviceSelection.resolveAll("gpu:0,1", 2));
        assertEquals(List.of(Device.gpu(2), Device.gpu(0)), DeviceSelection.resolveAll("gpu:2,0", 3));
    }

    @Test
    void rejectsBadValuesAndMissingGpus() {
        assertTrue(DeviceSelection.syntaxProblem("tpu").contains("auto, cpu, gpu, gpu:N or gpu:N,M"));
        assertTrue(DeviceSelection.syntaxProblem("gpu:0,0").contains("twice"));
        assertTrue(DeviceSelection.syntaxProblem("gpu:0,").contains("must be"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSelection.resolveAll("gpu:0,1", 1));
        assertEquals("", DeviceSelection.syntaxProblem("gpu:3"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DeviceSelection.resolve("gpu:1", 1));
        assertTrue(e.getMessage().contains("sees 1 GPU"), e.getMessage());
    }
}
