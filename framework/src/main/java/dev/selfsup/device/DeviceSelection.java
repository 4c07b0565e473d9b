package dev.selfsup.device;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a recipe's {@code device} value and picks the DJL devices. {@code auto} takes the first GPU when
 * the engine sees one, else the CPU. GPU use needs DJL's CUDA build of PyTorch (see docs/architecture.md).
 */
public final class DeviceSelection {

    private static final Pattern GPU = Pattern.compile("gpu(?::(\\d+(?:,\\d+)*))?");

    private DeviceSelection() {
    }

    /**
     * Checks the syntax of a device value without starting the engine.
     *
     * @param spec the value
     * @return an empty string if valid, else the reason
     */
    public static String syntaxProblem(String spec) {
        if ("auto".equals(spec) || "cpu".equals(spec)) {
            return "";
        }
        Matcher m = GPU.matcher(spec);
        if (!m.matches()) {
            return "must be auto, cpu, gpu, gpu:N or gpu:N,M,... (data parallel), got '" + spec + "'";
        }
        if (m.group(1) != null && Arrays.stream(m.group(1).split(",")).distinct().count()
                != m.group(1).split(",").length) {
            return "lists a GPU twice: '" + spec + "'";
        }
        return "";
    }

    /**
     * Resolves a device value to the devices training splits each batch across; the first holds the
     * parameters.
     *
     * @param spec {@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N} or {@code gpu:N,M,...}
     * @param gpuCount the number of GPUs the engine sees
     * @return the devices, at least one
     * @throws IllegalArgumentException for a bad value or a GPU that does not exist
     */
    public static List<Device> resolveAll(String spec, int gpuCount) {
        if ("auto".equals(spec)) {
            return List.of(gpuCount > 0 ? Device.gpu(0) : Device.cpu());
        }
        if ("cpu".equals(spec)) {
            return List.of(Device.cpu());
        }
        String problem = syntaxProblem(spec);
        if (!problem.isEmpty()) {
            throw new IllegalArgumentException("device " + problem);
        }
        Matcher m = GPU.matcher(spec);
        m.matches();
        List<Device> devices = new ArrayList<>();
        for (String index : m.group(1) == null ? new String[] {"0"} : m.group(1).split(",")) {
            int id = Integer.parseInt(index);
            if (id >= gpuCount) {
                throw new IllegalArgumentException("device '" + spec + "' asked for GPU " + id + " but the engine sees "
                        + gpuCount + " GPU(s); use device: cpu or auto, or install DJL's CUDA build of PyTorch");
            }
            devices.add(Device.gpu(id));
        }
        return List.copyOf(devices);
    }

    /**
     * Resolves a device value against the running engine.
     *
     * @param spec the value
     * @return the devices
     */
    public static List<Device> resolveAll(String spec) {
        return resolveAll(spec, Engine.getInstance().getGpuCount());
    }

    /**
     * The most intra-op threads this machine is given: its logical cores. More only oversubscribes the cores
     * (PyTorch starts a thread per count, and a huge count can exhaust the process table).
     *
     * @return the cap
     */
    public static int threadCap() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Sets the native thread pools before the engine starts (later calls have no effect, a PyTorch limit),
     * capped at {@link #threadCap()}; an {@code ai.djl.pytorch.num_threads} property set beforehand (e.g. in
     * {@code SELFSUP_JAVA_OPTS}) is kept when {@code threads} is 0, and capped too.
     *
     * @param threads intra-op threads; 0 keeps an existing setting or uses all cores
     * @return the intra-op thread count now configured
     * @throws IllegalArgumentException if {@code threads} is negative
     */
    public static int configureThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be at least 0 (0 uses all cores), got " + threads);
        }
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        String existing = System.getProperty("ai.djl.pytorch.num_threads");
        if (threads == 0 && existing != null) {
            try {
                n = Math.max(1, Integer.parseInt(existing.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the system property ai.djl.pytorch.num_threads must be a "
                        + "number of threads, got '" + existing + "'", e);
            }
        }
        n = Math.min(n, threadCap());
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        return n;
    }

    /**
     * Sets the JVM-wide system properties that keep DJL from reaching the network: {@code ai.djl.offline=true}
     * (no model or native-library downloads; the PyTorch natives come from the class path) and
     * {@code OPT_OUT_TRACKING=true} (no usage ping). The CLI calls it; an embedding application asks for it
     * with {@code SelfSup.Builder.optOfflineEngine(true)} or sets them itself.
     */
    public static void configureOfflineEngine() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }
}
