package dev.selfsup.api;

import ai.djl.ndarray.NDArray;

import java.util.Map;

/**
 * The result of one training forward pass of a pretext task.
 *
 * @param loss the scalar loss to minimise
 * @param metrics extra scalar metrics to log (e.g. masked-patch count), by name
 */
public record PretextLoss(NDArray loss, Map<String, NDArray> metrics) {
}
