package dev.selfsup.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;

/**
 * Initialisation choices for task models. The framework imposes none: it seeds the engine from the run seed and
 * initialises the model, each block with the initialisers its plugin set, so the same seed gives the same weights.
 */
public final class Initialisers {

    private Initialisers() {
    }

    /**
     * Gives every weight of a block (and its children) Xavier-uniform initialisation, as ViT and MAE do (timm's
     * {@code xavier_uniform_}); biases and other parameters keep their blocks' own initialisers.
     *
     * @param block the block, not yet initialised
     * @param <B> its type
     * @return the block
     */
    public static <B extends Block> B xavierUniformWeights(B block) {
        block.setInitializer(new XavierInitializer(XavierInitializer.RandomType.UNIFORM,
                XavierInitializer.FactorType.AVG, 3f), Parameter.Type.WEIGHT);
        return block;
    }
}
