package dev.selfsup.run;

import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.Settings;
import dev.selfsup.recipe.ValidatedRecipe;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One data set a run is evaluated on, with its label-efficiency plan: the pretraining data's own splits, or each
 * data set of {@code evaluate.datasets}, whose protocols are then named {@code <data set>.<protocol>} so that the
 * report rows and the saved models of several data sets stay apart.
 *
 * @param name the data set's name in the report, or null for the pretraining data
 * @param splits its splits
 * @param evaluation its protocols, subsets and label fractions
 */
record DownstreamEvaluation(String name, DatasetSplits splits, LabelEfficiencyEvaluation evaluation) {

    /**
     * Opens the data sets a recipe is evaluated on and plans each one's evaluation.
     *
     * @param recipe the recipe, evaluation enabled
     * @param pretraining the pretraining data's splits
     * @param runFolder the run folder
     * @param seed the run seed
     * @param out where progress is printed
     * @param terminal whether {@code out} is a terminal
     * @return the evaluations, in recipe order
     */
    static List<DownstreamEvaluation> plan(ValidatedRecipe recipe, DatasetSplits pretraining, Path runFolder,
                                           long seed, PrintStream out, boolean terminal) {
        Settings evaluate = recipe.section("evaluate");
        if (recipe.downstream().isEmpty()) {
            return List.of(new DownstreamEvaluation(null, pretraining, new LabelEfficiencyEvaluation(
                    pretraining.train(), pretraining.test(), evaluate, recipe.protocols(), seed, out, terminal)));
        }
        List<DownstreamEvaluation> plans = new ArrayList<>();
        for (ValidatedRecipe.Downstream downstream : recipe.downstream()) {
            DatasetSplits splits = recipe.openDownstream(runFolder, downstream);
            out.printf("evaluation data: %s (%s), %d train / %d test samples, classes %s%n", downstream.name(),
                    downstream.provider().name(), splits.train().size(), splits.test().size(),
                    splits.train().classNames());
            if (splits.train().classNames().isEmpty()) {
                throw new IllegalArgumentException("evaluate.datasets: '" + downstream.name() + "' is unlabelled; "
                        + "evaluation needs labels");
            }
            List<ValidatedRecipe.Protocol> named = recipe.protocols().stream().map(p -> new ValidatedRecipe.Protocol(
                    downstream.name() + "." + p.name(), p.provider(), p.settings())).toList();
            plans.add(new DownstreamEvaluation(downstream.name(), splits, new LabelEfficiencyEvaluation(
                    splits.train(), splits.test(), evaluate, named, seed, out, terminal)));
        }
        return plans;
    }
}
