/**
 * The pretraining engine: the step loop, AdamW with its own (checkpointable) state, the learning-rate
 * schedule, gradient clipping, checkpoints, metrics and progress.
 */
package dev.selfsup.train;
