/**
 * Checks for plugin authors to run in their own tests: {@link dev.selfsup.api.testing.PretextTaskCheck} runs a
 * task's training step the way the framework does, with a garbage collection between forward and backward.
 * They need a DJL engine at test time (the plugin's tests run the framework, which brings PyTorch).
 */
package dev.selfsup.api.testing;
