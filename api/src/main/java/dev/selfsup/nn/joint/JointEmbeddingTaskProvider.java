package dev.selfsup.nn.joint;

import dev.selfsup.api.PretextTaskProvider;
import dev.selfsup.api.TaskContext;

/**
 * The base of a joint-embedding method's provider: such a task takes any single encoder and exactly two views
 * of each sample.
 */
public abstract class JointEmbeddingTaskProvider implements PretextTaskProvider {

    /** Refuses anything but two views, naming the task and the fix. */
    @Override
    public String unsupportedReason(TaskContext context) {
        return context.views() == 2 ? "" : name() + " compares two augmented views of each sample; the recipe gives "
                + context.views() + " (list two under views: [{augment: [...]}, {augment: [...]}])";
    }
}
