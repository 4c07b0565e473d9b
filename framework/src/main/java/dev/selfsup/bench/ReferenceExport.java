package dev.selfsup.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.selfsup.api.Augmentation;
import dev.selfsup.api.Batch;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.Sample;
import dev.selfsup.api.Settings;
import dev.selfsup.api.StepInfo;
import dev.selfsup.data.Npy;
import dev.selfsup.device.DeviceSelection;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.run.EncoderPreparations;
import dev.selfsup.train.AdamW;
import dev.selfsup.train.GradientClipping;
import dev.selfsup.train.TrainingPlan;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Exports what a reference implementation needs to prove it computes the same thing: the recipe's
 * settings, every initial parameter (as {@code .npy}, by path), one batch of collated inputs ({@code input_<k>.npy},
 * as float32; every view, augmented), the
 * random floats the task draws for it, the loss and gradient norm selfsup computes on them, and the loss on the
 * same batch after one clipped AdamW step. {@code bench/reference/<task>.py check} loads it and compares.
 */
public final class ReferenceExport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long TASK_SEED = 1234;

    private ReferenceExport() {
    }

    /**
     * Writes the export.
     *
     * @param recipe the recipe
     * @param folder where to write
     * @param out where to print a summary
     * @throws UncheckedIOException on write failure
     */
    public static void write(ValidatedRecipe recipe, Path folder, PrintStream out) {
        Settings settings = recipe.settings();
        long seed = settings.getLong("seed");
        try {
            Files.createDirectories(folder.resolve("params"));
            DatasetSplits splits = recipe.openData(folder);
            TrainingPlan plan = TrainingPlan.from(recipe.section("train"));
            int batch = Math.min(plan.batchSize(), splits.train().size());
            try (NDManager manager = NDManager.newBaseManager(DeviceSelection.resolveAll("cpu").get(0))) {
                Map<String, Path> prepared = EncoderPreparations.prepare(recipe, folder.resolve("prepared")::resolve,
                        splits.train(), out);
                PretextTask task = recipe.buildTask(prepared, manager, batch, seed);
                List<Map<String, Object>> parameters = new ArrayList<>();
                List<Parameter> trained = TrainingPlan.trainableParameters(task.model());
                int i = 0;
                for (Pair<String, Parameter> p : task.model().getParameters()) {
                    NDArray array = p.getValue().getArray();
                    String file = String.format("params/p%03d.npy", i++);
                    Npy.writeFloats(folder.resolve(file), array.toFloatArray(), array.getShape().getShape());
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", p.getKey());
                    entry.put("shape", array.getShape().getShape());
                    entry.put("file", file);
                    parameters.add(entry);
                }
                List<List<Augmentation>> views = recipe.createViews();
                List<List<Sample>> viewSamples = new ArrayList<>();
                for (int v = 0; v < views.size(); v++) {
                    List<Sample> samples = new ArrayList<>();
                    for (int s = 0; s < batch; s++) {
                        Sample sample = splits.train().get(s);
                        for (Augmentation augmentation : views.get(v)) {
                            sample = augmentation.apply(sample, new Random(TASK_SEED + 31L * s + v));
                        }
                        samples.add(sample);
                    }
                    viewSamples.add(samples);
                }
                NDList inputs = task.collate(new Batch(viewSamples), manager); // every view, augmented
                StepInfo info = new StepInfo(0, 0, 1, 1);
                for (int k = 0; k < inputs.size(); k++) { // as float32: ids and masks of text are exact
                    NDArray input = inputs.get(k).toType(DataType.FLOAT32, false);
                    Npy.writeFloats(folder.resolve("input_" + k + ".npy"), input.toFloatArray(),
                            input.getShape().getShape());
                }
                Random floats = new Random(TASK_SEED);
                float[] drawn = new float[batch * 4096];
                for (int f = 0; f < drawn.length; f++) {
                    drawn[f] = floats.nextFloat();
                }
                Npy.writeFloats(folder.resolve("task_random_floats.npy"), drawn, drawn.length);

                ParameterStore store = new ParameterStore(manager, false);
                double before;
                try (AdamW optimizer = plan.newOptimizer(trained, manager)) {
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = task.loss(task.forward(store, inputs, info, new Random(TASK_SEED)), info).loss();
                        collector.backward(loss);
                        before = loss.getFloat();
                    }
                    double norm = GradientClipping.globalNorm(trained);
                    optimizer.step(plan.learningRate(), GradientClipping.scale(norm, plan.gradientClip()));
                    double after = task.loss(task.forward(store, inputs, info, new Random(TASK_SEED)), info).loss()
                            .getFloat();
                    Map<String, Object> expected = new LinkedHashMap<>();
                    expected.put("loss", before);
                    expected.put("grad_norm", norm);
                    expected.put("loss_after_one_step", after);
                    Map<String, Object> export = new LinkedHashMap<>();
                    export.put("recipe", settings.toPlainMap());
                    export.put("batch_size", batch);
                    export.put("inputs", inputs.size());
                    export.put("task_seed", TASK_SEED); // the java.util.Random seed of the exported step's task
                    export.put("parameters", parameters);
                    export.put("expected", expected);
                    JSON.writeValue(folder.resolve("export.json").toFile(), export);
                    out.printf("reference export: %s (%d parameters, batch %d): loss %.6f, grad norm %.6f, "
                            + "loss after one step %.6f%n", folder, parameters.size(), batch, before, norm, after);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reference export to " + folder, e);
        }
    }
}
