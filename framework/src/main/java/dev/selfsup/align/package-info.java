/**
 * Cross-modal alignment (CLIP, Radford et al. 2021): the modality-free {@code alignment} task that pairs encoders of
 * any two plugins through projection heads and a learned temperature, and its evaluation by retrieval and
 * zero-shot classification.
 */
package dev.selfsup.align;
