package dev.selfsup.vision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.DatasetProvider;
import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RecipeProblem;
import dev.selfsup.api.Image;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import dev.selfsup.api.SampleSource;
import dev.selfsup.api.Settings;
import dev.selfsup.api.data.DataException;
import dev.selfsup.vision.image.ImageFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data sets read from image files: image folders, CSV/JSONL pairs, and their shared reading and splitting. */
class ImageDatasetsTest {

    @TempDir
    Path dir;

    private static void writePicture(Path file, int width, int height, Color colour, boolean transparentHalf)
            throws IOException {
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = picture.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, transparentHalf ? width / 2 : width, height);
        g.dispose();
        Files.createDirectories(file.getParent());
        if (file.toString().endsWith(".png")) {
            assertTrue(ImageIO.write(picture, "png", file.toFile()));
        } else {
            BufferedImage opaque = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            opaque.createGraphics().drawImage(picture, 0, 0, null);
            assertTrue(ImageIO.write(opaque, "bmp", file.toFile()));
        }
    }

    /** The settings as a recipe gives them: validated by the data set's schema, defaults filled in. */
    static Settings settings(DatasetProvider provider, Map<String, Object> values) {
        Map<String, Object> all = new LinkedHashMap<>(Map.of("image", 8, "test_fraction", 0.5));
        all.putAll(values);
        List<RecipeProblem> problems = new ArrayList<>();
        Settings validated = provider.schema().validate(Settings.of(all), problems);
        assertEquals(List.of(), problems);
        return validated;
    }

    private RunContext context() {
        return new RunContext(dir.resolve("run"), dir.resolve("data"), false, 1);
    }

    @Test
    void transparencyBecomesTheBackgroundAndPaddingKeepsTheAspect() throws IOException {
        Path file = dir.resolve("wide.png");
        writePicture(file, 40, 20, Color.RED, true);
        Image padded = new ImageFiles(3, 8, ImageFiles.Fit.PAD, "white").read(file);
        assertEquals(3, padded.channels());
        assertEquals(8, padded.height());
        // top rows are padding (white); the left half of the middle rows red, the right half transparent -> white
        assertEquals(1f, padded.pixel(1, 0, 0), 1e-6);
        assertEquals(1f, padded.pixel(0, 4, 1), 0.05f);
        assertEquals(0f, padded.pixel(1, 4, 1), 0.05f);
        assertEquals(1f, padded.pixel(1, 4, 7), 0.05f);
        Image stretched = new ImageFiles(1, 8, ImageFiles.Fit.STRETCH, "black").read(file);
        assertEquals(0.299f, stretched.pixel(0, 0, 0), 0.02f); // red's luminance, no padding at the top
        assertEquals(0f, stretched.pixel(0, 0, 7), 0.02f);     // transparency on black
    }

    @Test
    void aPictureFarLargerThanTheTargetIsSubsampledWhileDecoding() throws IOException {
        Path file = dir.resolve("large.png");
        writePicture(file, 4000, 2000, Color.BLUE, true); // decoded every 125th pixel: 32 x 16
        Image image = new ImageFiles(3, 8, ImageFiles.Fit.PAD, "white").read(file);
        assertEquals(1f, image.pixel(0, 0, 0), 1e-6);                // padding
        assertEquals(0f, image.pixel(0, 3, 1), 0.05f);               // blue half: no red
        assertEquals(1f, image.pixel(2, 3, 1), 0.05f);
        assertEquals(1f, image.pixel(0, 3, 7), 0.05f);               // transparent half: white
    }

    @Test
    void aFileThatIsNoImageIsAnErrorNamingIt() throws IOException {
        Path file = dir.resolve("broken.png");
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0});
        IOException e = assertThrows(IOException.class, () -> new ImageFiles(3, 8, ImageFiles.Fit.PAD, "white").read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void theSplitIsByGroupStableAndNearTheFraction() {
        int test = 0;
        for (int i = 0; i < 10_000; i++) {
            boolean inTest = ImageRecords.inTest("picture " + i, 0.2);
            assertEquals(inTest, ImageRecords.inTest("picture " + i, 0.2));
            test += inTest ? 1 : 0;
        }
        assertEquals(2_000, test, 120);
        assertFalse(ImageRecords.inTest("anything", 0.0));
    }

    @Test
    void imageFolderLabelsBySubFolder() throws IOException {
        for (int i = 0; i < 6; i++) {
            writePicture(dir.resolve("pics/cats/c" + i + ".png"), 10, 10, Color.BLACK, false);
            writePicture(dir.resolve("pics/dogs/deeper/d" + i + ".bmp"), 12, 9, Color.BLUE, false);
        }
        Files.writeString(dir.resolve("pics/dogs/notes.txt"), "not an image");
        DatasetSplits splits = new ImageFolderDatasetProvider().open(
                settings(new ImageFolderDatasetProvider(), Map.of("path", dir.resolve("pics").toString(), "labels", "folders")), context());
        assertEquals(12, splits.train().size() + splits.test().size());
        assertEquals(List.of("cats", "dogs"), splits.train().classNames());
        for (SampleSource split : List.of(splits.train(), splits.test())) {
            for (int i = 0; i < split.size(); i++) {
                Sample sample = split.get(i);
                Image image = sample.get(Sample.IMAGE, Image.class);
                float blue = image.pixel(2, 4, 4);
                assertEquals(sample.label().getAsInt() == 1 ? 1f : 0f, blue, 1e-6);
                assertEquals(Set.of(Sample.IMAGE), sample.fieldNames());
            }
        }
        DataException empty = assertThrows(DataException.class, () -> new ImageFolderDatasetProvider().open(
                settings(new ImageFolderDatasetProvider(), Map.of("path", dir.resolve("pics/dogs/deeper").toString(), "labels", "folders")), context()));
        assertTrue(empty.getMessage().contains("no sub-folders"), empty.getMessage());
    }

    @Test
    void pairsFromCsvAndJsonlKeepEveryCaptionOfAnImageOnOneSide() throws IOException {
        List<String> csv = new ArrayList<>(List.of("image,caption,kind"));
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            writePicture(dir.resolve("img/p" + i + ".png"), 16, 16, new Color(i * 10, 0, 0), false);
            csv.add("img/p" + i + ".png,\"a red square, number " + i + "\"," + (i % 2 == 0 ? "even" : "odd"));
            csv.add("img/p" + i + ".png,another caption of " + i + "," + (i % 2 == 0 ? "even" : "odd"));
            jsonl.append("{\"image\": \"img/p").append(i).append(".png\", \"caption\": \"square ").append(i)
                    .append("\"}\n");
        }
        Files.write(dir.resolve("pairs.csv"), csv);
        Files.writeString(dir.resolve("pairs.jsonl"), jsonl);
        DatasetSplits splits = new ImageTextPairsDatasetProvider().open(settings(new ImageTextPairsDatasetProvider(), Map.of("path",
                dir.resolve("pairs.csv").toString(), "label_column", "kind")), context());
        assertEquals(40, splits.train().size() + splits.test().size());
        assertEquals(List.of("even", "odd"), splits.test().classNames());
        Set<String> trainCaptions = new HashSet<>();
        for (int i = 0; i < splits.train().size(); i++) {
            trainCaptions.add(number(splits.train().get(i).get(Sample.TEXT, String.class)));
        }
        for (int i = 0; i < splits.test().size(); i++) {
            Sample sample = splits.test().get(i);
            String number = number(sample.get(Sample.TEXT, String.class));
            assertFalse(trainCaptions.contains(number), "image " + number + " on both sides");
            assertEquals(Integer.parseInt(number) % 2, sample.label().getAsInt());
        }
        DatasetSplits fromJsonl = new ImageTextPairsDatasetProvider().open(settings(new ImageTextPairsDatasetProvider(), Map.of("path",
                dir.resolve("pairs.jsonl").toString(), "label_column", "")), context());
        assertEquals(20, fromJsonl.train().size() + fromJsonl.test().size());
        assertEquals(-1, fromJsonl.train().label(0));
    }

    @Test
    void emojiAreCaptionedByTheirShortCodes() throws IOException {
        writePicture(dir.resolve("emoji/athletic_shoe.png"), 64, 64, Color.RED, false);
        writePicture(dir.resolve("emoji/+1.png"), 64, 64, Color.RED, false);
        EmojiDatasetProvider provider = new EmojiDatasetProvider(null);
        DatasetSplits splits = provider.open(settings(provider, Map.of("path", dir.resolve("emoji").toString(),
                "test_fraction", 0.0)), context());
        assertEquals(2, splits.train().size());
        assertEquals(List.of("+1", "athletic shoe"), List.of(splits.train().get(0).get(Sample.TEXT, String.class),
                splits.train().get(1).get(Sample.TEXT, String.class)));
        assertTrue(splits.train().get(0).label().isEmpty());
    }

    private static String number(String caption) {
        return caption.replaceAll("\\D+", "");
    }

    @Test
    void aPairWithAMissingImageOrAMalformedLineNamesTheRecord() throws IOException {
        Files.writeString(dir.resolve("bad.jsonl"), "{\"image\": \"nowhere.png\", \"caption\": \"x\"}\n");
        DataException missing = assertThrows(DataException.class, () -> new ImageTextPairsDatasetProvider().open(
                settings(new ImageTextPairsDatasetProvider(), Map.of("path", dir.resolve("bad.jsonl").toString(), "label_column", "")), context()));
        assertTrue(missing.getMessage().contains("bad.jsonl:1") && missing.getMessage().contains("nowhere.png"),
                missing.getMessage());
        Files.write(dir.resolve("junk.jsonl"), "{\"image\": \"a.png\", \"caption\": \"\u00e9\"\n".getBytes(
                StandardCharsets.UTF_8));
        DataException junk = assertThrows(DataException.class, () -> new ImageTextPairsDatasetProvider().open(
                settings(new ImageTextPairsDatasetProvider(), Map.of("path", dir.resolve("junk.jsonl").toString(), "label_column", "")), context()));
        assertTrue(junk.getMessage().contains("junk.jsonl:1: not a JSON object"), junk.getMessage());
    }
}
