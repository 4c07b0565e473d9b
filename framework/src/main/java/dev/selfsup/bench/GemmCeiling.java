package dev.selfsup.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Measures the machine's practical matrix-multiply speed through the engine, with the process's thread
 * settings: the best GFLOP/s of square float32 GEMMs after warm-up (on a shared machine the best run is the
 * one least disturbed). Achieved model GFLOP/s are reported as a fraction of it.
 */
final class GemmCeiling {

    private GemmCeiling() {
    }

    /**
     * Measures.
     *
     * @param manager where to allocate (its device is measured)
     * @param size the matrix side
     * @param repeats measured multiplications after three warm-up ones
     * @return the best GFLOP/s
     */
    static double measure(NDManager manager, int size, int repeats) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray a = sub.randomUniform(-1, 1, new Shape(size, size));
            NDArray b = sub.randomUniform(-1, 1, new Shape(size, size));
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < repeats + 3; i++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    long start = System.nanoTime();
                    a.matMul(b).getFloat(0, 0); // reading one value waits for the device
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (i >= 3) {
                        rates.add(2.0 * size * size * size / seconds / 1e9);
                    }
                }
            }
            return rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }
    }
}
