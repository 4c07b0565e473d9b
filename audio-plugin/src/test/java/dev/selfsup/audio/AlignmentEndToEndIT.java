package dev.selfsup.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.cli.SelfSupCommand;
import dev.selfsup.eval.EvaluationReport;
import dev.selfsup.run.RunResult;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The framework's alignment task through the packaged plugin jars (vision's image encoder and image-caption pairs,
 * text's transformer, loaded by PF4J; this module is built last, so every jar is there): the clip-openclipart-quick
 * recipe, shrunk, on drawings of coloured shapes captioned with their colour and shape. Retrieval and zero-shot
 * classification must beat chance, and {@code selfsup predict --labels} classifies image files from the run. Then the
 * same task on spoken digits and their words (this plugin's waveform encoder with the text plugin's).
 */
class AlignmentEndToEndIT {

    private static final String[] COLOURS = {"red", "green", "blue"};
    private static final Color[] PAINTS = {new Color(220, 30, 30), new Color(30, 170, 40), new Color(30, 60, 220)};
    private static final String[] SHAPES = {"circle", "square", "triangle"};

    @TempDir
    static Path work;

    @BeforeAll
    static void drawShapes() throws Exception {
        Random random = new Random(7);
        List<String> rows = new ArrayList<>(List.of("image,caption,shape"));
        for (int i = 0; i < 180; i++) {
            int colour = i % 3;
            int shape = i / 3 % 3;
            String name = "img/" + COLOURS[colour] + "-" + SHAPES[shape] + "-" + i + ".png";
            draw(work.resolve(name), colour, shape, random);
            rows.add(name + ",a " + COLOURS[colour] + " " + SHAPES[shape] + "," + SHAPES[shape]);
        }
        Files.write(work.resolve("pairs.csv"), rows);
    }

    /** A shape of one colour on transparency, placed and sized at random. */
    static void draw(Path file, int colour, int shape, Random random) throws Exception {
        BufferedImage picture = new BufferedImage(48, 48, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = picture.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(PAINTS[colour]);
        int size = 20 + random.nextInt(20);
        int x = random.nextInt(48 - size);
        int y = random.nextInt(48 - size);
        switch (shape) {
            case 0 -> g.fillOval(x, y, size, size);
            case 1 -> g.fillRect(x, y, size, size);
            default -> g.fillPolygon(new int[] {x, x + size, x + size / 2}, new int[] {y + size, y + size, y}, 3);
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(picture, "png", file.toFile());
    }

    @Test
    void theClipRecipeAlignsImagesAndCaptionsThroughTheJars() throws Exception {
        Path plugins = pluginsWith("vision", "text");
        Path recipe = Path.of(System.getProperty("selfsup.repo"), "recipes", "clip-openclipart-quick.yaml");
        List<String> overrides = List.of("device=cpu", "output=" + work.resolve("runs"),
                "data.dataset=image_text_pairs", "data.path=" + work.resolve("pairs.csv"), "data.label_column=shape",
                "data.image=16", "data.test_fraction=0.3", "data.extra=[]",
                "encoders.image.image=16", "encoders.image.widths=[8, 16]",
                "encoders.text.vocabulary_size=40", "encoders.text.min_frequency=1", "encoders.text.max_length=8",
                "encoders.text.dim=16", "encoders.text.depth=1", "encoders.text.heads=2",
                "pretext.dim=16", "train.max_steps=150", "train.batch_size=32", "train.log_every=25",
                "train.schedule.warmup_steps=10", "train.optimizer.lr=3e-3", "train.checkpoint.every_steps=0",
                "evaluate.label_fractions=[1.0]", "evaluate.datasets=[]", "evaluate.protocols=[{type: logistic}]",
                "evaluate.alignment.templates=[\"a {}\"]");
        JarRun run = JarRun.of(plugins, recipe, overrides);
        RunResult result = run.result();
        String output = run.output();
        List<EvaluationReport.Section> sections = result.report().sections();
        assertEquals(List.of("alignment: retrieval", "alignment: zero-shot, image_text_pairs"),
                sections.stream().map(EvaluationReport.Section::title).toList(), output);
        // 9 distinct captions among ~54 held-out pairs: an image's own caption is one of about 6 identical ones, and
        // ties count against it, so recall@10 of a model that only knows colour and shape is far above chance (~18%)
        double imageToText = percent(sections.get(0).rows().get(2).get(2));
        double chance = Double.parseDouble(sections.get(0).rows().get(2).get(4).replace("%", ""));
        assertTrue(imageToText > chance + 15, "image -> text recall@10 " + imageToText + " vs chance " + chance
                + "\n" + output);
        double zeroShot = percent(sections.get(1).rows().get(0).get(1));
        assertTrue(zeroShot > 100.0 / 3 + 15, "zero-shot shape accuracy " + zeroShot + "% vs chance 33%\n" + output);
        assertTrue(Files.isRegularFile(result.folder().root().resolve("exports/logit_scale/part.params")));

        // locked-image tuning: the image side taken from the run just trained and frozen; the text side taken from it
        // too and trained further (its loaded parameters must take gradients again)
        Path first = result.folder().root();
        List<String> locked = new ArrayList<>(overrides);
        locked.addAll(List.of("encoders.image={from_run: " + first + "}", "encoders.text={from_run: " + first + "}",
                "pretext.frozen=[image]",
                "train.max_steps=20", "evaluate.enabled=false"));
        JarRun lit = JarRun.of(plugins, recipe, locked);
        assertTrue(lit.output().contains("encoder 'image' starts from " + first.resolve("encoders/image")),
                lit.output());
        assertEquals(-1, Files.mismatch(first.resolve("encoders/image/encoder.params"),
                lit.result().folder().root().resolve("encoders/image/encoder.params")),
                "the frozen image encoder is saved exactly as it was taken");
        assertTrue(Files.mismatch(first.resolve("encoders/text/encoder.params"),
                lit.result().folder().root().resolve("encoders/text/encoder.params")) >= 0, "the text side trains on");

        ByteArrayOutputStream predicted = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        int code;
        System.setOut(new PrintStream(predicted, true, StandardCharsets.UTF_8));
        try {
            code = SelfSupCommand.execute("predict", "--plugins", plugins.toString(), "--no-classpath-plugins",
                    "--run", result.folder().root().toString(), "--labels", "circle,square,triangle",
                    "--template", "a red {}", "--template", "a blue {}",
                    work.resolve("img/red-circle-0.png").toString(), work.resolve("img/blue-triangle-8.png").toString());
        } finally {
            System.setOut(stdout);
        }
        String lines = predicted.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, lines);
        assertTrue(lines.contains("red-circle-0.png\t"), lines);
        assertTrue(lines.lines().filter(line -> line.contains(".png\t")).count() == 2, lines);
    }

    /**
     * The same task, unchanged, aligns spoken digits with their words: audio from this plugin's waveform encoder,
     * text from the text plugin; the loss falls and zero-shot classification of held-out accents from the ten words
     * beats chance.
     */
    @Test
    void theSameTaskAlignsSpokenDigitsWithTheirWords() throws Exception {
        Path plugins = pluginsWith("vision", "text", "audio");
        Path recipe = work.resolve("speech-text.yaml");
        Files.writeString(recipe, """
                name: speech-text
                seed: 3
                device: cpu
                data: {dataset: spoken_digits, speech: digits, captions: true, variants_per_accent: 1}
                encoders:
                  audio: {type: waveform_transformer, conv_channels: 16, dim: 32, depth: 1, heads: 2,
                          position_kernel: 8, position_groups: 4, max_seconds: 1.0}
                  text: {type: text_transformer, vocabulary_size: 40, min_frequency: 1, max_length: 4, dim: 16,
                         depth: 1, heads: 2}
                pretext: {task: alignment, encoders: [audio, text], dim: 16}
                train:
                  max_steps: 200
                  batch_size: 20
                  log_every: 50
                  optimizer: {type: adamw, lr: 2.0e-3}
                  schedule: {type: cosine, warmup_steps: 10}
                  checkpoint: {every_steps: 0}
                evaluate:
                  encoder: audio
                  label_fractions: [1.0]
                  protocols: [{type: logistic}]
                  alignment: {templates: ["{}"]}
                """);
        JarRun run = JarRun.of(plugins, recipe, List.of("output=" + work.resolve("runs"),
                "data.root=" + work.resolve("data")));
        RunResult result = run.result();
        String output = run.output();
        List<String> metrics = Files.readAllLines(result.folder().metrics());
        double first = loss(metrics.get(0));
        double last = loss(metrics.get(metrics.size() - 1));
        assertTrue(last < first - 0.3, "the loss falls: " + first + " -> " + last + "\n" + output);
        EvaluationReport.Section zeroShot = result.report().sections().get(1);
        assertEquals("alignment: zero-shot, spoken_digits", zeroShot.title(), output);
        assertTrue(percent(zeroShot.rows().get(0).get(1)) > 20, "zero-shot digits above chance (10%): "
                + zeroShot.rows() + "\n" + output);
    }

    private static double loss(String metricsLine) {
        Matcher m = Pattern.compile("\"loss\":([0-9.Ee-]+)").matcher(metricsLine);
        assertTrue(m.find(), metricsLine);
        return Double.parseDouble(m.group(1));
    }

    /** A plugins folder with the packaged jars of the named plugins. */
    private static Path pluginsWith(String... names) throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins-" + String.join("-", names)));
        Path built = Path.of(System.getProperty("selfsup.repo"), "plugins");
        for (String plugin : names) {
            Path jar = plugin.equals("audio") ? Path.of(System.getProperty("selfsup.plugin.jar")) : null;
            if (jar == null) {
                try (var jars = Files.list(built)) {
                    jar = jars.filter(p -> p.getFileName().toString().startsWith("selfsup-" + plugin + "-plugin"))
                            .findFirst().orElseThrow(() -> new AssertionError("no " + plugin + " plugin jar in "
                                    + built));
                }
            }
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
        return plugins;
    }

    private static double percent(String cell) {
        Matcher m = Pattern.compile("^([0-9.]+)%").matcher(cell);
        assertTrue(m.find(), cell);
        return Double.parseDouble(m.group(1));
    }
}
