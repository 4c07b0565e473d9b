package dev.selfsup.device;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a recipe's {@code device} value and picks the DJL device. {@code auto} takes the first GPU when
 * the engine sees one, else the CPU. GPU use needs DJL's CUDA build of PyTorch (see docs/architecture.md).
 */
public final class DeviceSelection {

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d+))?");

    private DeviceSelection() {
    }

    /**
     * Checks the syntax of a device value without starting the engine.
     *
     * @param spec the value
     * @return an empty string if valid, else the reason
     */
    public static String syntaxProblem(String spec) {
        if ("auto".equals(spec) || "cpu".equals(spec) || GPU.matcher(spec).matches()) {
            return "";
        }
        return "must be auto, cpu, gpu or gpu:N, got '" + spec + "'";
    }

    /**
     * Resolves a device value.
     *
     * @param spec {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
     * @param gpuCount the number of GPUs the engine sees
     * @return the device
     * @throws IllegalArgumentException for a bad value or a GPU that does not exist
     */
    public static Device resolve(String spec, int gpuCount) {
        if ("auto".equals(spec)) {
            return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
        }
        if ("cpu".equals(spec)) {
            return Device.cpu();
        }
        Matcher m = GPU.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("device " + syntaxProblem(spec));
        }
        int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        if (index >= gpuCount) {
            throw new IllegalArgumentException("device '" + spec + "' asked for GPU " + index + " but the engine sees "
                    + gpuCount + " GPU(s); use device: cpu or auto, or install DJL's CUDA build of PyTorch");
        }
        return Device.gpu(index);
    }

    /**
     * Resolves a device value against the running engine.
     *
     * @param spec the value
     * @return the device
     */
    public static Device resolve(String spec) {
        return resolve(spec, Engine.getInstance().getGpuCount());
    }

    /**
     * Sets the native thread pools before the engine starts (later calls have no effect, a PyTorch limit).
     *
     * @param threads intra-op threads; 0 keeps an existing setting or uses all cores
     */
    public static void configureThreads(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        if (threads > 0 || System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }
}
