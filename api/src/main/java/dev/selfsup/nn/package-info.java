/**
 * Reusable neural-network blocks and functions for plugins: pre-LayerNorm transformer layers,
 * multi-head self-attention, learned tensors (positions, special tokens), patch operations and
 * per-sample random masking.
 */
package dev.selfsup.nn;
