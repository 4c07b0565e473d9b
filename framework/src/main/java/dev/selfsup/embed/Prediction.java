package dev.selfsup.embed;

import java.util.Map;

/**
 * A probe's answer for one input.
 *
 * @param label the predicted class name
 * @param scores every class's score (probabilities for logistic regression, vote shares for kNN), highest first
 */
public record Prediction(String label, Map<String, Double> scores) {
}
