package dev.selfsup.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Data parallelism in one process. The parameters live on the first device; each step splits the batch
 * into one contiguous shard per device, and every other device computes on copies of the parameters made
 * inside the step's gradient recording. The shards' outputs are {@linkplain #gather gathered} on the first
 * device, where the task computes one loss over the whole batch. The copies and the gathering are
 * differentiable, so the single backward pass accumulates every device's gradient into the first device's
 * parameters: one optimizer, one set of weights, no separate reduction to race with.
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
     * Gathers the shards' forward outputs on the first device: output {@code i} of every shard, moved there
     * (differentiably) and concatenated along the first axis, in shard order. One shard's outputs are returned as
     * they are.
     *
     * @param outputs per shard, its outputs; every shard returns the same number of outputs
     * @param master the first device
     * @return the gathered outputs
     * @throws IllegalArgumentException if the shards return different numbers of outputs
     */
    public static NDList gather(List<NDList> outputs, Device master) {
        if (outputs.size() == 1) {
            return outputs.get(0);
        }
        int count = outputs.get(0).size();
        NDList gathered = new NDList(count);
        for (int i = 0; i < count; i++) {
            NDList parts = new NDList(outputs.size());
            for (NDList shard : outputs) {
                if (shard.size() != count) {
                    throw new IllegalArgumentException("shards returned " + count + " and " + shard.size()
                            + " outputs; a task's forward must return the same outputs for every shard");
                }
                parts.add(shard.get(i).toDevice(master, false));
            }
            gathered.add(NDArrays.concat(parts, 0));
        }
        return gathered;
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
