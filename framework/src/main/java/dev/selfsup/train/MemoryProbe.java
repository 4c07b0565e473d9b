package dev.selfsup.train;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory figures for metrics: the process's resident set, the JVM's share of it, the rest (native tensors,
 * the engine's allocator, thread stacks) and, per GPU in use, the device memory in use.
 */
public final class MemoryProbe {

    private static final double MB = 1024.0 * 1024.0;

    private final List<Device> devices;
    private final MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();

    /**
     * Creates a probe.
     *
     * @param devices the devices training uses
     */
    public MemoryProbe(List<Device> devices) {
        this.devices = List.copyOf(devices);
    }

    /**
     * Measures now.
     *
     * @return {@code rss_mb}, {@code heap_used_mb}, {@code native_mb} (resident memory outside the JVM's
     *     committed heap and non-heap) and {@code gpuN_mem_mb} for each GPU
     */
    public Map<String, Object> measure() {
        Map<String, Object> m = new LinkedHashMap<>();
        double rss = residentMemoryMb();
        double committed = (jvm.getHeapMemoryUsage().getCommitted() + jvm.getNonHeapMemoryUsage().getCommitted()) / MB;
        m.put("rss_mb", round(rss));
        m.put("heap_used_mb", round(jvm.getHeapMemoryUsage().getUsed() / MB));
        m.put("native_mb", rss < 0 ? -1.0 : round(rss - committed));
        for (Device device : devices) {
            if (device.isGpu()) {
                m.put("gpu" + device.getDeviceId() + "_mem_mb", gpuMemoryMb(device));
            }
        }
        return m;
    }

    /**
     * Returns the resident set size of this process.
     *
     * @return megabytes, or -1 where {@code /proc} is unavailable
     */
    public static double residentMemoryMb() {
        return procStatusMb("VmRSS:");
    }

    /**
     * Returns the largest resident set size this process has had.
     *
     * @return megabytes, or -1 where {@code /proc} is unavailable
     */
    public static double peakResidentMemoryMb() {
        return procStatusMb("VmHWM:");
    }

    private static double procStatusMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static double gpuMemoryMb(Device device) {
        try {
            return round(CudaUtils.getGpuMemory(device).getUsed() / MB);
        } catch (RuntimeException | LinkageError e) {
            return -1; // no CUDA runtime library to ask
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
