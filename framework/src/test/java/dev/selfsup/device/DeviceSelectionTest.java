package dev.selfsup.device;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceSelectionTest {

    @Test
    void threadsAreCappedAtTheCoresAndNeverNegative() {
        String before = System.getProperty("ai.djl.pytorch.num_threads");
        try {
            int cores = Runtime.getRuntime().availableProcessors();
            assertEquals(cores, DeviceSelection.configureThreads(cores + 300));
            assertEquals(Integer.toString(cores), System.getProperty("ai.djl.pytorch.num_threads"));
            System.setProperty("ai.djl.pytorch.num_threads", "100000");
            assertEquals(cores, DeviceSelection.configureThreads(0), "a JVM property is capped too");
            assertEquals(1, DeviceSelection.configureThreads(1));
            assertThrows(IllegalArgumentException.class, () -> DeviceSelection.configureThreads(-1));
        } finally {
            if (before == null) {
                System.clearProperty("ai.djl.pytorch.num_threads");
            } else {
                System.setProperty("ai.djl.pytorch.num_threads", before);
            }
        }
    }

    @Test
    void resolvesEachForm() {
        assertEquals(Device.cpu(), DeviceSelection.resolveAll("auto", 0).get(0));
        assertEquals(Device.gpu(0), DeviceSelection.resolveAll("auto", 2).get(0));
        assertEquals(Device.cpu(), DeviceSelection.resolveAll("cpu", 2).get(0));
        assertEquals(Device.gpu(0), DeviceSelection.resolveAll("gpu", 1).get(0));
        assertEquals(Device.gpu(1), DeviceSelection.resolveAll("gpu:1", 2).get(0));
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
                () -> DeviceSelection.resolveAll("gpu:1", 1).get(0));
        assertTrue(e.getMessage().contains("sees 1 GPU"), e.getMessage());
    }
}
