package dev.selfsup.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.DownstreamHead;
import dev.selfsup.align.AlignmentEvaluation;
import dev.selfsup.api.CrossModalEmbedder;
import dev.selfsup.api.Encoder;
import dev.selfsup.api.PretextTask;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.data.AtomicFiles;
import dev.selfsup.data.ErrorText;
import dev.selfsup.data.FileManifest;
import dev.selfsup.eval.EvaluationReport;
import dev.selfsup.eval.LabelEfficiencyPlot;
import dev.selfsup.eval.ReportPage;
import dev.selfsup.eval.ProtocolFiles;
import dev.selfsup.recipe.ValidatedRecipe;
import dev.selfsup.store.RunFolder;
import dev.selfsup.train.TrainingSummary;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The evaluation of one run, the home of its baselines: the trained encoder, the same encoder before training
 * ({@code random_encoder}) and the raw input ({@code raw}), each through the label-efficiency probes, written
 * into a staging folder that replaces the run's {@code eval/} when complete.
 */
final class RunEvaluation {

    /** Scratch folder of the protocols that train (fine-tuning checkpoints), inside the staging folder. */
    private static final String WORK = ".protocol-work";

    private final ValidatedRecipe recipe;
    private final RunFolder folder;
    private final DatasetSplits splits;
    private final List<DownstreamEvaluation> evaluations;
    private final Map<String, Path> artifacts;
    private final long seed;
    private final PrintStream out;

    /**
     * Creates the evaluation of a run.
     *
     * @param recipe the run's recipe
     * @param folder the run folder
     * @param splits the pretraining data
     * @param evaluations the data sets it is evaluated on, each with its plan
     * @param artifacts the prepared artifacts of its encoders
     * @param seed the run seed
     * @param out where progress is printed
     */
    RunEvaluation(ValidatedRecipe recipe, RunFolder folder, DatasetSplits splits, List<DownstreamEvaluation> evaluations,
                  Map<String, Path> artifacts, long seed, PrintStream out) {
        this.recipe = recipe;
        this.folder = folder;
        this.splits = splits;
        this.evaluations = evaluations;
        this.artifacts = artifacts;
        this.seed = seed;
        this.out = out;
    }

    /**
     * Evaluates the trained encoder, then the baselines the recipe names, into a staging folder that replaces
     * {@code eval/} when complete.
     *
     * @param task the trained task: one that embeds two modalities into one space ({@link CrossModalEmbedder}) is
     *     also evaluated by retrieval and zero-shot classification
     * @param trained the trained encoder (the recipe's primary one)
     * @param initialEncoder its parameters before training ({@link RepresentationEncoder#weightsOf}): the random-encoder baseline
     * @param manager owns the arrays
     * @param summary the pretraining
     * @return the report
     * @throws EvaluationException if it fails, saying how to evaluate again; the pretraining is kept
     */
    EvaluationReport evaluate(PretextTask task, Encoder trained, byte[] initialEncoder, NDManager manager,
                              TrainingSummary summary) {
        try {
            return evaluateInto(task, trained, initialEncoder, manager, summary);
        } catch (RuntimeException e) {
            throw new EvaluationException("evaluation failed: " + ErrorText.withCauses(e) + ". The pretrained "
                    + "encoder is saved in " + folder.encoderDirectory(recipe.primaryEncoder()) + "; evaluate it again with: selfsup "
                    + "evaluate " + folder.root() + " [--set evaluate.KEY=VALUE ...]", e);
        }
    }

    private EvaluationReport evaluateInto(PretextTask task, Encoder trained, byte[] initialEncoder, NDManager manager,
                                          TrainingSummary summary) {
        Settings evaluate = recipe.section("evaluate");
        DownstreamHead head = recipe.head().create(evaluate.getSection("head"));
        int batch = evaluate.getInt("batch_size");
        Path staging = folder.evalStaging();
        deleteRecursively(staging);
        createDirectories(staging);
        EvaluationReport report = new EvaluationReport();
        Settings settings = recipe.settings();
        report.putMetadata("run", settings.getString("name"));
        report.putMetadata("run_folder", folder.root());
        report.putMetadata("dataset", recipe.section("data").getString("dataset"));
        report.putMetadata("train_samples", splits.train().size());
        report.putMetadata("test_samples", splits.test().size());
        report.putMetadata("encoder", recipe.encoder(recipe.primaryEncoder()).settings().toPlainMap());
        report.putMetadata("pretext", recipe.section("pretext").toPlainMap());
        report.putMetadata("pretraining_steps", summary.steps());
        report.putMetadata("pretraining_seconds", Math.round(summary.runSeconds()));
        report.putMetadata("loss_first_to_last", String.format("%.4f -> %.4f", summary.firstLoss(), summary.finalLoss()));
        report.putMetadata("seed", seed);
        for (DownstreamEvaluation downstream : evaluations) {
            if (downstream.name() != null) {
                report.putMetadata("evaluated_on_" + downstream.name(), String.format("%d train / %d test samples, "
                        + "classes %s", downstream.splits().train().size(), downstream.splits().test().size(),
                        downstream.splits().train().classNames()));
            }
        }
        report.putMetadata("protocols", evaluations.get(0).evaluation().describe());
        report.putMetadata("head", evaluate.getSection("head").toPlainMap());
        out.println("evaluation: " + evaluations.get(0).evaluation().describe());

        Path work = staging.resolve(WORK);
        List<dev.selfsup.api.Augmentation> augmentations = recipe.createViews().get(0);
        java.util.function.Supplier<Encoder> architecture = () -> recipe.encoder(recipe.primaryEncoder())
                .create(artifacts.get(recipe.primaryEncoder()));
        List<String> baselines = evaluate.getStringList("baselines");
        for (DownstreamEvaluation downstream : evaluations) {
            if (downstream.name() != null) {
                out.println("evaluating on " + downstream.name());
            }
            evaluateOn(downstream.evaluation(), trained, initialEncoder, head, batch, manager, report, staging, work,
                    augmentations, architecture, baselines);
        }
        deleteRecursively(work);
        task.capability(CrossModalEmbedder.class).ifPresent(aligned -> evaluateAlignment(aligned, batch, manager,
                report));
        try {
            report.writeJson(staging.resolve(folder.reportJson().getFileName()));
            report.writeMarkdown(staging.resolve(folder.reportMarkdown().getFileName()));
            LabelEfficiencyPlot.write(report, folder.labelEfficiencyPlot(), settings.getString("name")
                    + ": label efficiency");
            ReportPage.writeRun(RunReports.page(folder, report), staging.resolve(folder.reportHtml().getFileName()));
            try (Stream<Path> files = Files.list(staging)) {
                FileManifest.write(staging, ProtocolFiles.MANIFEST,
                        files.map(f -> f.getFileName().toString()).sorted().toList(), Map.of());
            }
            deleteRecursively(folder.evalDirectory());
            Files.move(staging, folder.evalDirectory(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evaluation in " + folder.evalDirectory() + ": "
                    + ErrorText.describe(e), e);
        }
        return report;
    }

    /** One data set's evaluation: the trained encoder, then the baselines. */
    private static void evaluateOn(LabelEfficiencyEvaluation evaluation, Encoder trained, byte[] initialEncoder,
                                   DownstreamHead head, int batch, NDManager manager, EvaluationReport report,
                                   Path staging, Path work, List<dev.selfsup.api.Augmentation> augmentations,
                                   java.util.function.Supplier<Encoder> architecture, List<String> baselines) {
        EmbeddingExtractor pretrained = new EmbeddingExtractor(trained, head, manager, batch);
        evaluation.evaluate(EvaluationReport.PRETRAINED, source -> rows -> pretrained.extract(source, rows),
                new RepresentationEncoder(architecture, RepresentationEncoder.weightsOf(trained.block()), head,
                        augmentations), report, staging, work);
        if (baselines.contains(EvaluationReport.RANDOM_ENCODER)) {
            RepresentationEncoder untrained = new RepresentationEncoder(architecture, initialEncoder, head,
                    augmentations);
            try (NDManager randomManager = manager.newSubManager()) {
                EmbeddingExtractor random = new EmbeddingExtractor(untrained.copy(randomManager), head, randomManager,
                        batch);
                evaluation.evaluate(EvaluationReport.RANDOM_ENCODER, source -> rows -> random.extract(source, rows),
                        untrained, report, null, work);
            }
        }
        if (baselines.contains(EvaluationReport.RAW)) {
            evaluation.evaluate(EvaluationReport.RAW, source -> rows -> EmbeddingExtractor.raw(trained, source, rows),
                    null, report, null, work);
        }
    }

    /**
     * Retrieval on the pretraining data's held-out pairs and zero-shot classification of every labelled data set of
     * the evaluation, beside the same task untrained (rebuilt from the run seed: its initial weights).
     */
    private void evaluateAlignment(CrossModalEmbedder aligned, int batch, NDManager manager, EvaluationReport report) {
        Map<String, SampleSource> labelled = new LinkedHashMap<>();
        if (!splits.test().classNames().isEmpty()) {
            labelled.put(recipe.section("data").getString("dataset"), splits.test());
        }
        for (DownstreamEvaluation downstream : evaluations) {
            if (downstream.name() != null) {
                labelled.put(downstream.name(), downstream.splits().test());
            }
        }
        try (NDManager untrainedManager = manager.newSubManager()) {
            PretextTask untrained = recipe.buildTask(artifacts, untrainedManager, 1, seed);
            new AlignmentEvaluation(recipe.section("evaluate").getSection("alignment"), batch, out).evaluate(aligned,
                    untrained.capability(CrossModalEmbedder.class).orElseThrow(), splits.test(), labelled, report,
                    manager);
        }
    }

    /**
     * Reads back a run's evaluation report.
     *
     * @param folder the run folder
     * @return the report
     */
    static EvaluationReport readReport(RunFolder folder) {
        try {
            return EvaluationReport.readJson(folder.reportJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder.reportJson() + ": " + ErrorText.describe(e), e);
        }
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + ErrorText.describe(e), e);
        }
    }

    private static void deleteRecursively(Path path) {
        try {
            AtomicFiles.deleteTree(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path + ": " + ErrorText.describe(e), e);
        }
    }
}
