package dev.selfsup.eval.protocols;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS (Nocedal 1980; Nocedal and Wright, "Numerical Optimization", algorithm 7.4) with a
 * backtracking Armijo line search, for smooth convex objectives of a few hundred thousand variables: the linear
 * probe's. The objective is evaluated by the caller (on the engine); the two-loop recursion runs here on plain
 * arrays. Neither DJL nor Tribuo has a quasi-Newton optimiser, and LIBLINEAR through Tribuo had not fit one 100%
 * subset of raw Fashion-MNIST pixels after 14 minutes (docs/evaluation.md).
 */
final class Lbfgs {

    /** A differentiable objective. */
    @FunctionalInterface
    interface Objective {
        /**
         * Evaluates the objective and its gradient.
         *
         * @param x the point (not to be modified)
         * @param gradient receives the gradient at {@code x}
         * @return the value at {@code x}
         */
        double evaluate(double[] x, double[] gradient);
    }

    /**
     * Where the minimisation ended.
     *
     * @param value the objective's value at the solution
     * @param iterations the iterations taken
     * @param converged whether it stopped at a minimum (gradient below the tolerance, or no further progress)
     *     rather than at the iteration limit
     */
    record Outcome(double value, int iterations, boolean converged) {
    }

    private static final int HISTORY = 10;
    private static final double ARMIJO = 1e-4;
    private static final int MAX_BACKTRACKS = 40;
    private static final double STALLED = 1e-12;

    private final int maxIterations;
    private final double tolerance;

    /**
     * Creates the optimiser.
     *
     * @param maxIterations iterations at most, at least 1
     * @param tolerance stop when the largest gradient entry is below it (or when an iteration lowers the value by
     *     less than {@value #STALLED} times its size, at least 1: rounding then decides more than the data)
     */
    Lbfgs(int maxIterations, double tolerance) {
        if (maxIterations < 1 || !(tolerance > 0)) {
            throw new IllegalArgumentException("need maxIterations >= 1 and tolerance > 0, got " + maxIterations
                    + " and " + tolerance);
        }
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
    }

    /**
     * Minimises an objective from a starting point.
     *
     * @param objective the objective
     * @param x the start, overwritten with the solution
     * @return the outcome
     */
    Outcome minimise(Objective objective, double[] x) {
        int n = x.length;
        double[] gradient = new double[n];
        double value = objective.evaluate(x, gradient);
        checkFinite(value, 0);
        Deque<double[][]> history = new ArrayDeque<>(); // {s, y, rho}, newest first
        double[] direction = new double[n];
        double[] trial = new double[n];
        double[] trialGradient = new double[n];
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            if (maxAbs(gradient) < tolerance) {
                return new Outcome(value, iteration - 1, true);
            }
            searchDirection(gradient, history, direction);
            double slope = dot(gradient, direction);
            if (!(slope < 0)) { // lost descent through rounding: restart from the gradient
                history.clear();
                searchDirection(gradient, history, direction);
                slope = dot(gradient, direction);
            }
            double step = history.isEmpty() ? Math.min(1.0, 1.0 / Math.sqrt(dot(gradient, gradient))) : 1.0;
            double trialValue = Double.NaN;
            boolean accepted = false;
            for (int backtrack = 0; backtrack < MAX_BACKTRACKS; backtrack++) {
                for (int i = 0; i < n; i++) {
                    trial[i] = x[i] + step * direction[i];
                }
                trialValue = objective.evaluate(trial, trialGradient);
                if (Double.isFinite(trialValue) && trialValue <= value + ARMIJO * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) { // no step lowers the value: as close to the minimum as the arithmetic allows
                return new Outcome(value, iteration, true);
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = trial[i] - x[i];
                y[i] = trialGradient[i] - gradient[i];
            }
            double curvature = dot(s, y);
            if (curvature > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
                history.addFirst(new double[][] {s, y, {1.0 / curvature}});
                if (history.size() > HISTORY) {
                    history.removeLast();
                }
            }
            double previous = value;
            System.arraycopy(trial, 0, x, 0, n);
            System.arraycopy(trialGradient, 0, gradient, 0, n);
            value = trialValue;
            if (previous - value <= STALLED * Math.max(1.0, Math.abs(value))) {
                return new Outcome(value, iteration, true);
            }
        }
        return new Outcome(value, maxIterations, maxAbs(gradient) < tolerance);
    }

    /** The two-loop recursion: {@code direction = -H g} with the history's inverse-Hessian estimate. */
    private static void searchDirection(double[] gradient, Deque<double[][]> history, double[] direction) {
        int n = gradient.length;
        for (int i = 0; i < n; i++) {
            direction[i] = -gradient[i];
        }
        double[] alpha = new double[history.size()];
        int k = 0;
        for (double[][] pair : history) {
            alpha[k] = pair[2][0] * dot(pair[0], direction);
            axpy(-alpha[k], pair[1], direction);
            k++;
        }
        if (!history.isEmpty()) {
            double[][] newest = history.peekFirst();
            double gamma = dot(newest[0], newest[1]) / dot(newest[1], newest[1]);
            for (int i = 0; i < n; i++) {
                direction[i] *= gamma;
            }
        }
        Iterator<double[][]> oldestFirst = history.descendingIterator();
        k = history.size() - 1;
        while (oldestFirst.hasNext()) {
            double[][] pair = oldestFirst.next();
            double beta = pair[2][0] * dot(pair[1], direction);
            axpy(alpha[k] - beta, pair[0], direction);
            k--;
        }
    }

    private static void checkFinite(double value, int iteration) {
        if (!Double.isFinite(value)) {
            throw new ArithmeticException("the objective is " + value + " at iteration " + iteration
                    + " (non-finite features?)");
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).max().orElse(0);
    }
}
