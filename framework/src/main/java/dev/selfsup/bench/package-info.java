/**
 * Benchmarks: the framework's training step against a plain DJL loop over the same model, with a per-phase
 * breakdown, counted FLOPs, a GEMM ceiling measured in the same process, and memory figures.
 */
package dev.selfsup.bench;
