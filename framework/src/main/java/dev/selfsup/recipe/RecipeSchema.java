package dev.selfsup.recipe;

import dev.selfsup.api.SettingsSchema;

import java.util.List;

/** The framework's part of the recipe format: top-level keys and the {@code train} and {@code evaluate} sections. */
public final class RecipeSchema {

    /** Keys the framework reserves in the {@code data} section, beside the data set's own keys. */
    public static final SettingsSchema DATA = SettingsSchema.builder()
            .addString("dataset", null, "data set name (selfsup plugins lists them)")
            .addString("root", "data", "folder where data sets are fetched and cached")
            .addBoolean("fetch", true, "download the pinned, checksummed data set when missing")
            .addOpenSectionList("extra", "more data sets whose training splits are appended to this one's for "
                    + "pretraining, unlabelled: [{dataset: <name>, ...its keys}]; root and fetch are data's")
            .build();

    /** Keys the framework reserves in the {@code encoder} section. */
    public static final SettingsSchema ENCODER = SettingsSchema.builder()
            .addString("type", null, "encoder name (selfsup plugins lists them)")
            .addString("from_run", "", "start from the trained encoder of this run folder: its type, settings, "
                    + "prepared artifacts (a tokenizer) and parameters; give no other key")
            .addString("from_encoder", "", "with from_run: which of the run's encoders (default: the one it "
                    + "evaluated)")
            .build();

    /** Keys the framework reserves in the {@code pretext} section. */
    public static final SettingsSchema PRETEXT = SettingsSchema.builder()
            .addString("task", null, "pretext task name (selfsup plugins lists them)")
            .build();

    /** Keys the framework reserves in each element of the {@code augment} list. */
    public static final SettingsSchema AUGMENT = SettingsSchema.builder()
            .addString("type", null, "augmentation name (selfsup plugins lists them)")
            .build();

    /** One view of each sample: {@code {augment: [...]}}. */
    public static final SettingsSchema VIEW = SettingsSchema.builder()
            .addOpenSectionList("augment", "augmentations of this view, in order: [{type: <name>, ...its keys}]")
            .build();

    /** Keys the framework reserves in the {@code evaluate.head} section. */
    public static final SettingsSchema HEAD = SettingsSchema.builder()
            .addString("type", "mean", "downstream head turning encoder outputs into probe features")
            .build();

    private static final SettingsSchema OPTIMIZER = SettingsSchema.builder()
            .addChoice("type", "adamw", List.of("adamw"), "optimizer")
            .addDouble("lr", 1.5e-3, 1e-8, 10.0, "peak learning rate")
            .addDouble("weight_decay", 0.05, 0.0, 1.0, "decoupled weight decay")
            .addDouble("beta1", 0.9, 0.0, 0.9999, "first moment decay")
            .addDouble("beta2", 0.95, 0.0, 0.99999, "second moment decay")
            .addDouble("eps", 1e-8, 1e-12, 1.0, "denominator epsilon")
            .build();

    private static final SettingsSchema SCHEDULE = SettingsSchema.builder()
            .addChoice("type", "cosine", List.of("cosine", "constant"), "decay after warm-up")
            .addInt("warmup_steps", 100, 0, 10_000_000, "linear warm-up steps")
            .addDouble("min_lr_ratio", 0.0, 0.0, 1.0, "final learning rate relative to the peak")
            .build();

    private static final SettingsSchema CHECKPOINT = SettingsSchema.builder()
            .addInt("every_steps", 500, 0, 100_000_000, "steps between checkpoints; 0 writes only the final one")
            .addInt("keep", 2, 1, 1000, "newest checkpoints to keep")
            .build();

    private static final SettingsSchema DATA_LOADER = SettingsSchema.builder()
            .addInt("workers", 1, 0, 256, "threads reading and augmenting batches ahead; 0 reads on the training"
                    + " thread (batches are the same either way)")
            .addInt("prefetch", 2, 1, 1024, "batches read ahead of the training step")
            .build();

    private static final SettingsSchema HELD_OUT = SettingsSchema.builder()
            .addInt("every_steps", 0, 0, 100_000_000, "steps between scores of the task on held-out data, without "
                    + "gradients (logged as heldout_*; language models add perplexity); 0: never")
            .addInt("batches", 4, 1, 100_000, "held-out batches scored each time, spread over the held-out split")
            .addChoice("split", "test", List.of("test", "validation"), "what is scored: the data set's test split "
                    + "(to watch), or a validation share of the training split, kept out of pretraining (to choose on)")
            .addDouble("validation_fraction", 0.05, 0.001, 0.5, "split: validation: the share of the training "
                    + "split held out, drawn with the run's seed")
            .addBoolean("keep_best", false, "keep the model of the held-out score with the lowest loss instead of "
                    + "the last step's (its encoder is saved and evaluated); needs split: validation, since choosing "
                    + "on the test split would fit the test data")
            .build();

    private static final SettingsSchema TRAIN = SettingsSchema.builder()
            .addInt("epochs", 1, 1, 100_000, "passes over the training split")
            .addInt("max_steps", 0, 0, 1_000_000_000, "stop after this many steps; 0 lets epochs decide")
            .addInt("batch_size", 256, 1, 1_000_000, "samples per step (the most, with batch_tokens)")
            .addInt("batch_tokens", 0, 0, 1_000_000_000, "> 0: each step takes the next samples while samples x "
                    + "their longest (in tokens) stays within this budget, so short texts share a step and long ones "
                    + "waste no compute on padding; needs a token-sequence encoder; 0: batch_size samples a step")
            .addDouble("grad_clip", 1.0, 0.0, 1e9, "maximum global gradient norm; 0 disables clipping")
            .addInt("log_every", 10, 1, 1_000_000, "steps between metric records")
            .addSection("optimizer", OPTIMIZER, "optimizer settings")
            .addSection("schedule", SCHEDULE, "learning-rate schedule")
            .addSection("checkpoint", CHECKPOINT, "checkpointing")
            .addSection("data_loader", DATA_LOADER, "how training batches are read")
            .addSection("held_out", HELD_OUT, "the task's loss on held-out data during training")
            .build();

    /** Keys the framework reserves in each element of {@code evaluate.protocols}. */
    public static final SettingsSchema PROTOCOL = SettingsSchema.builder()
            .addString("type", null, "evaluation protocol (selfsup plugins lists them)")
            .addString("name", "", "name in the report and of the saved model; empty: the type, plus the settings "
                    + "that tell apart two protocols of one type")
            .addDoubleList("label_fractions", List.of(), 1e-6, 1.0,
                    "label fractions for this protocol; empty uses evaluate.label_fractions")
            .addInt("max_subsets", 0, 0, 100, "run on at most this many of the seeded subsets of each fraction (the "
                    + "first ones; for expensive protocols); 0: all of evaluate.subsets")
            .build();

    /** Keys the framework reserves in each element of {@code evaluate.datasets}. */
    public static final SettingsSchema DOWNSTREAM = SettingsSchema.builder()
            .addString("dataset", null, "data set name (selfsup plugins lists them); root and fetch are data's")
            .addString("name", "", "its name in the report, the prefix of its protocols (<name>.logistic); empty: "
                    + "the data set's name")
            .build();

    private static final SettingsSchema SUBSETS = SettingsSchema.builder()
            .addInt("up_to_1_percent", 5, 1, 100, "seeded label subsets at fractions <= 1%")
            .addInt("up_to_10_percent", 3, 1, 100, "seeded label subsets at fractions in (1%, 10%]")
            .addInt("above_10_percent", 1, 1, 100, "seeded label subsets at larger fractions (at 100% every "
                    + "subset holds the same labels)")
            .build();

    private static final SettingsSchema ALIGNMENT = SettingsSchema.builder()
            .addIntList("recall_at", List.of(1L, 5L, 10L), 1, 1_000_000, "the k of the retrieval recall@k")
            .addStringList("templates", List.of("{}", "a drawing of {}", "a picture of {}", "an icon of {}"),
                    "prompt templates for zero-shot classification; {} is the class name (underscores as spaces)")
            .addInt("max_queries", 10_000, 10, 10_000_000, "retrieval uses at most this many held-out pairs (the "
                    + "first ones): the similarity matrix is queries x queries")
            .build();

    private static final SettingsSchema EVALUATE = SettingsSchema.builder()
            .addBoolean("enabled", true, "evaluate after pretraining")
            .addDoubleList("label_fractions", List.of(0.01, 0.1, 1.0), 1e-6, 1.0,
                    "fractions of the training labels the protocols see (seeded, stratified subsets)")
            .addOpenSectionList("protocols", "evaluation protocols: [{type: <name>, ...its keys}]; empty means "
                    + "logistic and knn")
            .addSection("subsets", SUBSETS, "how many seeded label subsets each fraction is measured on")
            .addDouble("validation_fraction", 0.2, 0.0, 0.5, "share of each labelled subset held out for the "
                    + "protocols' choices (standardisation, early stopping), stratified; 0: none")
            .addChoiceList("baselines", List.of("raw", "random_encoder"), List.of("raw", "random_encoder"),
                    "representations compared with the pretrained encoder: the raw input, the same encoder untrained")
            .addInt("batch_size", 500, 1, 1_000_000, "batch size for embedding extraction")
            .addOpenSection("head", "downstream head: {type: mean, ...}")
            .addString("encoder", "", "the encoder to evaluate, embed and predict with, by name; empty: the first")
            .addOpenSectionList("datasets", "downstream data sets to evaluate on instead of the pretraining data: "
                    + "[{dataset: <name>, ...its keys}], each labelled, each with every protocol")
            .addSection("alignment", ALIGNMENT, "for a task that embeds two modalities into one space (alignment): "
                    + "retrieval on the held-out pairs and zero-shot classification of every labelled data set")
            .build();

    /** The top level of a recipe. */
    public static final SettingsSchema TOP = SettingsSchema.builder()
            .addString("name", null, "run name; the run folder is <output>/<name>/<timestamp>")
            .addInt("seed", 42, 0, Integer.MAX_VALUE, "seed of every random stream")
            .addString("device", "auto", "auto, cpu, gpu, gpu:N or gpu:N,M,... (data parallel over GPUs)")
            .addInt("threads", 0, 0, 4096, "native intra-op threads; 0 uses all cores")
            .addString("output", "runs", "folder that receives run folders")
            .addOpenSection("data", "data set: {dataset: <name>, root, fetch, ...its keys}")
            .addOpenSection("encoder", "the encoder: {type: <name>, ...its keys}")
            .addOpenSection("encoders", "several named encoders instead of encoder: {<name>: {type: <name>, ...}, ...}")
            .addOpenSection("pretext", "pretext task: {task: <name>, ...its keys}")
            .addOpenSectionList("augment", "augmentations applied in order to every training sample: "
                    + "[{type: <name>, ...its keys}], each seeded per (seed, epoch, sample)")
            .addOpenSectionList("views", "several views of each sample instead of augment: [{augment: [...]}, ...],"
                    + " each view augmented from its own stream per (seed, epoch, sample, view)")
            .addSection("train", TRAIN, "training loop")
            .addSection("evaluate", EVALUATE, "label-efficiency evaluation with Tribuo probes")
            .build();

    private RecipeSchema() {
    }
}
