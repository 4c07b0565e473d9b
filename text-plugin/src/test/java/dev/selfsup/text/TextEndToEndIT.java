package dev.selfsup.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.selfsup.SelfSup;
import dev.selfsup.bench.Benchmark;
import dev.selfsup.bench.ReferenceCheck;
import dev.selfsup.bench.ReferenceExport;
import dev.selfsup.run.RunResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each shipped text recipe run through the packaged plugin jar (loaded by PF4J from a plugins folder, not from the
 * class path) on a small synthetic corpus in the user-data layouts: unlabelled lines to pretrain on, a folder per
 * topic to evaluate on. The language model learns (its loss falls and its held-out perplexity ends below the
 * unigram model's), and its embeddings tell the topics apart far above chance. The causal model trains on batches
 * by a token budget.
 */
class TextEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] TOPICS = {
        {"dog", "cat", "horse", "bird", "fox", "cow", "sheep", "goat", "mouse", "rabbit", "barks", "runs", "eats",
            "sleeps", "jumps", "furry", "wild", "small", "hungry", "tame"},
        {"rain", "snow", "wind", "storm", "cloud", "sun", "frost", "fog", "thunder", "hail", "falls", "blows",
            "shines", "drifts", "roars", "cold", "grey", "bright", "heavy", "wet"},
    };

    @TempDir
    static Path work;

    @BeforeAll
    static void writeCorpora() throws IOException {
        Random random = new Random(5);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            lines.add(sentence(TOPICS[i % 2], random));
        }
        Files.createDirectories(work.resolve("corpus"));
        Files.write(work.resolve("corpus/lines.txt"), lines, StandardCharsets.UTF_8);
        for (String side : List.of("labelled", "labelled-test")) {
            for (int topic = 0; topic < 2; topic++) {
                Path folder = Files.createDirectories(work.resolve(side).resolve(topic == 0 ? "animals" : "weather"));
                for (int d = 0; d < (side.equals("labelled") ? 100 : 50); d++) {
                    Files.writeString(folder.resolve(d + ".txt"), sentence(TOPICS[topic], random));
                }
            }
        }
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path jar = Path.of(System.getProperty("selfsup.plugin.jar"));
        assertTrue(Files.isRegularFile(jar), "packaged plugin jar missing: " + jar);
        Files.copy(jar, plugins.resolve(jar.getFileName()));
    }

    /** "the small dog eats the hungry cat" from the topic's words. */
    private static String sentence(String[] words, Random random) {
        StringBuilder out = new StringBuilder();
        for (int clause = 0; clause < 3; clause++) {
            out.append("the ").append(words[15 + random.nextInt(5)]).append(' ').append(words[random.nextInt(10)])
                    .append(' ').append(words[10 + random.nextInt(5)]).append(" and ");
        }
        return out.append("the end.").toString();
    }

    /** The quick recipe's overrides for the synthetic corpus: a small model on the lines of {@code corpus/}. */
    private static List<String> smallModelOn(Path corpus) {
        return List.of("device=cpu", "output=" + work.resolve("runs"), "data.dataset=text_files",
                "data.path=" + corpus, "data.format=lines", "data.extra=[]", "encoder.vocabulary_size=200",
                "encoder.max_length=32", "encoder.dim=32", "encoder.depth=2", "train.batch_size=32");
    }

    private static SelfSup open(ByteArrayOutputStream log) {
        return SelfSup.builder().optPluginsDirectory(work.resolve("plugins")).optClasspathPlugins(false)
                .optThreads(1).optOfflineEngine(true)
                .optOutput(new PrintStream(log, true, StandardCharsets.UTF_8), false).build();
    }

    @Test
    void benchReportsTokensPerSecondOfTheTokenizerAndOfTraining() throws Exception {
        Path recipe = Path.of(System.getProperty("selfsup.repo"), "recipes", "text-mlm-quick.yaml");
        Path json = work.resolve("bench.json");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (SelfSup selfsup = open(log)) {
            new Benchmark(selfsup.validate(recipe, smallModelOn(work.resolve("corpus"))), 1, 2, 2,
                    new PrintStream(log, true, StandardCharsets.UTF_8)).run(json);
        }
        JsonNode bench = JSON.readTree(json.toFile());
        for (String field : List.of("tokenizer_tokens_per_s", "training_tokens_per_s", "tokens_per_sample",
                "achieved_gflops")) {
            assertTrue(bench.get(field).asDouble() > 0, field + " in " + bench);
        }
        assertTrue(bench.get("tokens_per_sample").asDouble() <= 32, "truncated to max_length: " + bench);
    }

    @Test
    void thePyTorchReferenceComputesSelfsupsMaskedLmLossOnSelfsupsWeights() throws Exception {
        boolean torch = ReferenceCheck.available();
        String missing = "/usr/bin/python3 has no torch; bench/reference/install.sh installs it";
        assertTrue(torch || System.getenv("CI") == null, "CI installs the reference (.ci/run): " + missing);
        Assumptions.assumeTrue(torch, "skipped: " + missing);
        Path recipe = Path.of(System.getProperty("selfsup.repo"), "recipes", "text-mlm-quick.yaml");
        Path export = work.resolve("export-mlm");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (SelfSup selfsup = open(log)) {
            ReferenceExport.write(selfsup.validate(recipe, smallModelOn(work.resolve("corpus"))), export,
                    new PrintStream(log, true, StandardCharsets.UTF_8));
        }
        ReferenceCheck.Result check = ReferenceCheck.run(Path.of(System.getProperty("selfsup.repo")), "mlm", export);
        System.out.println(check.output());
        assertTrue(check.passed() && check.output().contains("loss_after_one_step"), check.output());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlm", "clm"})
    void theQuickRecipeTrainsThroughTheJar(String task) throws Exception {
        Path recipe = Path.of(System.getProperty("selfsup.repo"), "recipes", "text-" + task + "-quick.yaml");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        RunResult result;
        List<String> overrides = new ArrayList<>(smallModelOn(work.resolve("corpus")));
        overrides.addAll(List.of("train.max_steps=150", "train.log_every=10", "train.schedule.warmup_steps=10",
                "train.optimizer.lr=3e-3", "train.held_out.every_steps=50", "train.held_out.batches=2",
                "evaluate.label_fractions=[0.1, 1.0]", "evaluate.protocols=[{type: logistic}]",
                "evaluate.baselines=[raw]", "evaluate.datasets=[{dataset: text_files, name: topics, format: "
                        + "labelled_folders, path: " + work.resolve("labelled") + ", test_path: "
                        + work.resolve("labelled-test") + "}]"));
        if (task.equals("clm")) {
            overrides.add("train.batch_tokens=640"); // batches by a token budget: 20 texts of 32 tokens
        } else { // fine-tuning the text encoder, with layer-wise learning-rate decay, beside the frozen probe
            overrides.add("evaluate.protocols=[{type: logistic}, {type: fine_tune, label_fractions: [1.0], "
                    + "max_steps: 40, layer_decay: 0.75}]");
        }
        try (SelfSup selfsup = open(log)) {
            result = selfsup.run(recipe, overrides);
        }
        String output = log.toString(StandardCharsets.UTF_8);
        assertEquals(task.equals("clm"), output.contains("batches: at most 640 tokens"), output);
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(result.folder().metrics())) {
            records.add(JSON.readTree(line));
        }
        assertEquals(15, records.size(), output);
        double first = records.get(0).get("loss").asDouble();
        double last = records.get(records.size() - 1).get("loss").asDouble();
        assertTrue(last < first - 1.0, "the loss falls: " + first + " -> " + last);
        JsonNode end = records.get(records.size() - 1);
        double perplexity = end.get("heldout_perplexity").asDouble();
        double unigram = end.get("heldout_unigram_perplexity").asDouble();
        assertTrue(perplexity < 0.8 * unigram, "held-out perplexity " + perplexity + " vs unigram " + unigram);
        double accuracy = result.report().find("pretrained", "topics.logistic", 1.0).get(0).metrics().get("accuracy");
        assertTrue(accuracy > 0.8, "topics told apart: " + accuracy + "\n" + output);
        if (task.equals("mlm")) {
            double tuned = result.report().find("pretrained", "topics.fine_tune", 1.0).get(0).metrics()
                    .get("accuracy");
            assertTrue(tuned > 0.8, "fine-tuned: " + tuned + "\n" + output);
        }
        assertTrue(Files.isRegularFile(result.folder().encoderDirectory("encoder").resolve("artifacts/tokenizer.json")));
    }
}
