package dev.selfsup.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Data parallelism in one process. The parameters live on the first device; each step splits the batch
 * into one contiguous shard per device, and every other device computes on copies of the parameters made
 * inside the step's gradient recording. The copies are differentiable, so the single backward pass over
 * the shard losses (each weighted by its share of the batch, summed on the first device) accumulates every
 * device's gradient into the first device's parameters: one optimizer, one set of weights, no separate
 * reduction to race with. Reading the summed loss waits for all devices.
 *
 * <p>With one device this is plain training. Listing one device twice ({@code cpu, cpu}) runs the shard
 * logic on one device, which is how the CPU tests check that sharding gives the single-device gradient.
 */
public final class DataParallel {

    private final List<Device> devices;

    /**
     * Creates the split over devices.
     *
     * @param devices the devices, the first holding the parameters
     */
    public DataParallel(List<Device> devices) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("data parallel training needs at least one device");
        }
        this.devices = List.copyOf(devices);
    }

    /**
     * Returns the devices.
     *
     * @return the devices, parameter holder first
     */
    public List<Device> devices() {
        return devices;
    }

    /**
     * Returns the shard sizes of a batch: as equal as possible, larger shards first.
     *
     * @param batchSize the batch size
     * @return one size per device
     * @throws IllegalArgumentException if the batch is smaller than the device count
     */
    public int[] shardSizes(int batchSize) {
        int n = devices.size();
        if (batchSize < n) {
            throw new IllegalArgumentException("batch size " + batchSize + " cannot be split across " + n
                    + " devices; raise train.batch_size");
        }
        int[] sizes = new int[n];
        for (int k = 0; k < n; k++) {
            sizes[k] = batchSize / n + (k < batchSize % n ? 1 : 0);
        }
        return sizes;
    }

    /**
     * Returns the parameter store the forward pass of shard 1, 2, ... reads: differentiable copies of the
     * parameters on the shard's device, owned by the step's manager. Call it inside the gradient recording,
     * once per step. (Shard 0 reads the parameters themselves.)
     *
     * @param shard the shard index, at least 1
     * @param stepManager the step's manager on the shard's device
     * @return the store
     */
    public ParameterStore replicaStore(int shard, NDManager stepManager) {
        if (shard < 1) {
            throw new IllegalArgumentException("shard 0 reads the parameters themselves");
        }
        return new ReplicaStore(stepManager, devices.get(shard));
    }

    /**
     * Splits samples into shards.
     *
     * @param samples the batch
     * @param <T> the sample type
     * @return one list per device
     */
    public <T> List<List<T>> split(List<T> samples) {
        int[] sizes = shardSizes(samples.size());
        List<List<T>> shards = new ArrayList<>(sizes.length);
        int offset = 0;
        for (int size : sizes) {
            shards.add(samples.subList(offset, offset + size));
            offset += size;
        }
        return shards;
    }

    /** Differentiable per-step copies of the parameters on one device. */
    private static final class ReplicaStore extends ParameterStore {
        private final Device device;
        private final Map<String, NDArray> replicas = new HashMap<>();

        private final NDManager owner;

        ReplicaStore(NDManager manager, Device device) {
            super(manager, false);
            this.device = device;
            this.owner = manager;
        }

        @Override
        public NDArray getValue(Parameter parameter, Device requested, boolean training) {
            if (parameter == null) {
                return null;
            }
            return replicas.computeIfAbsent(parameter.getId(), id -> {
                NDArray copy = parameter.getArray().toDevice(device, true);
                copy.attach(owner);
                return copy;
            });
        }
    }
}
