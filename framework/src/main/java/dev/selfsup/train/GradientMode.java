package dev.selfsup.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns autograd recording off for the current thread while a training runs, and restores it afterwards.
 *
 * <p>PyTorch keeps its gradient mode per thread and starts every thread with it on; DJL turns it off only in the
 * thread that loads the engine. A training started from another thread (a host application's worker, a test)
 * would otherwise record the optimizer's in-place updates of the parameters and fail ("a leaf Variable that
 * requires grad is being used in an in-place operation"). Inside the step, DJL's gradient collector turns
 * recording on for the forward and backward passes and back off when it closes.
 */
public final class GradientMode implements AutoCloseable {

    private final boolean pytorch;
    private final boolean previous;

    private GradientMode() {
        pytorch = "PyTorch".equals(Engine.getInstance().getEngineName());
        previous = pytorch && JniUtils.isGradMode();
        if (previous) {
            JniUtils.setGradMode(false);
        }
    }

    /**
     * Turns recording off for this thread until closed.
     *
     * @return the handle that restores the previous mode
     */
    public static GradientMode off() {
        return new GradientMode();
    }

    @Override
    public void close() {
        if (previous) {
            JniUtils.setGradMode(true);
        }
    }
}
