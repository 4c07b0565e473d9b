package dev.selfsup.vision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfsup.api.DatasetSplits;
import dev.selfsup.api.RunContext;
import dev.selfsup.api.Sample;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captions from Open Clip Art SVG metadata, the collection filter, and the data set over a small fake tree. */
class OpenClipartCaptionsTest {

    @TempDir
    Path dir;

    /** An SVG as Inkscape wrote them for the library: an internal entity, the work's metadata, a creator agent. */
    static String svg(String title, String description, String... keywords) {
        StringBuilder lis = new StringBuilder();
        for (String keyword : keywords) {
            lis.append("<rdf:li>").append(keyword).append("</rdf:li>");
        }
        return "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY ns_svg \"http://www.w3.org/2000/svg\">]>\n"
                + "<svg xmlns=\"&ns_svg;\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                + "xmlns:cc=\"http://web.resource.org/cc/\" "
                + "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><metadata><rdf:RDF><cc:Work rdf:about=\"\">"
                + "<dc:title>" + title + "</dc:title><dc:description>" + description + "</dc:description>"
                + "<dc:subject><rdf:Bag>" + lis + "</rdf:Bag></dc:subject>"
                + "<dc:creator><cc:Agent><dc:title>Some Artist</dc:title></cc:Agent></dc:creator>"
                + "</cc:Work></rdf:RDF></metadata><rect width=\"10\" height=\"10\"/></svg>\n";
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void readsTheWorksOwnTitleNotTheCreators() throws IOException {
        ClipartMetadata metadata = ClipartMetadata.read(write("a.svg", svg("Bored dog", "", "mammal", "", "dog",
                "animal")));
        assertEquals("Bored dog", metadata.title());
        assertEquals("", metadata.description());
        assertEquals(List.of("mammal", "dog", "animal"), metadata.keywords());
    }

    @Test
    void externalEntitiesAreNotFetched() throws IOException {
        Path secret = write("secret.txt", "do not read");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<svg><metadata><Work><title>&x;</title></Work></metadata></svg>";
        Path file = write("xxe.svg", xxe);
        try {
            assertFalse(ClipartMetadata.read(file).title().contains("do not read"));
        } catch (IOException refused) {
            assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        }
    }

    @Test
    void malformedSvgNamesTheFile() throws IOException {
        Path file = write("bad.svg", "<svg><metadata>");
        IOException e = assertThrows(IOException.class, () -> ClipartMetadata.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    @Test
    void captionsJoinTitleDescriptionAndCleanKeywords() {
        ClipartMetadata fish = new ClipartMetadata("Clown_Loach", "A striped fish", List.of("animal", "hash", "fish",
                "Clown", "animal", "signs_and_symbols"));
        ClipartMetadata same = new ClipartMetadata("Brazil Flag", "brazil flag", List.of("flags"));
        ClipartMetadata junk = new ClipartMetadata("Ireland", "HASH(0x862bbb8)", List.of());
        ClipartCaptions captions = new ClipartCaptions(List.of(fish, same, junk), 10, 40);
        assertEquals("Clown Loach. A striped fish. animal, signs and symbols", captions.caption(fish));
        assertEquals("Brazil Flag. flags", captions.caption(same));
        assertEquals("Ireland", captions.caption(junk));
        assertEquals("Clown Loach. A", new ClipartCaptions(List.of(fish), 10, 3).caption(fish));
    }

    @Test
    void collectionTitlesAndTheirDescriptionsAreFilteredOut() {
        List<ClipartMetadata> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            all.add(new ClipartMetadata("gramastar", "", List.of("stars")));
            all.add(new ClipartMetadata("Flag " + i, "jean@example.org", List.of()));
        }
        ClipartMetadata untitled = new ClipartMetadata("", "a picture", List.of());
        all.add(untitled);
        ClipartCaptions captions = new ClipartCaptions(all, 10, 40);
        assertFalse(captions.captioned(all.get(0)));
        assertFalse(captions.captioned(untitled));
        assertTrue(captions.captioned(all.get(1)));
        assertEquals("Flag 0", captions.caption(all.get(1)));
    }

    @Test
    void variantsOfOnePictureShareAGroup() {
        assertEquals(ClipartCaptions.group(new ClipartMetadata("Pinguino1", "", List.of())),
                ClipartCaptions.group(new ClipartMetadata("Pinguino2", "", List.of())));
        assertEquals(ClipartCaptions.group(new ClipartMetadata("Fried Eggs (B and W)", "", List.of())),
                ClipartCaptions.group(new ClipartMetadata("Fried eggs", "", List.of())));
    }

    @Test
    void theDataSetPairsPicturesWithCaptionsAndLabelsByCategory() throws IOException {
        Path root = dir.resolve("openclipart");
        BufferedImage white = new BufferedImage(20, 30, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < 10; i++) {
            for (String[] picture : new String[][] {{"animals/dog" + i, "Dog number " + i},
                    {"food/sweets/cake" + i, "Cake " + i}, {"unsorted/thing" + i, "Thing " + i},
                    {"shapes/stars/star" + i, "gramastar"}}) {
                write("openclipart/svg/" + picture[0] + ".svg", svg(picture[1], "", "keyword"));
                Path png = root.resolve("png/" + picture[0] + ".png");
                Files.createDirectories(png.getParent());
                ImageIO.write(white, "png", png.toFile());
            }
        }
        OpenClipartDatasetProvider provider = new OpenClipartDatasetProvider(null);
        DatasetSplits splits = provider.open(ImageDatasetsTest.settings(provider, Map.of("path", root.toString(),
                "test_fraction", 0.0, "categories", List.of("animals", "food", "shapes"))),
                new RunContext(dir, dir, false, 1));
        assertEquals(20, splits.train().size());
        assertEquals(List.of("animals", "food", "shapes"), splits.train().classNames());
        Sample first = splits.train().get(0);
        assertEquals("Dog number 0. keyword", first.get(Sample.TEXT, String.class));
        assertEquals(0, first.label().getAsInt());
        assertEquals(1f, first.get(Sample.IMAGE, dev.selfsup.api.Image.class).pixel(0, 0, 0), 1e-6);
        assertEquals(1, splits.train().label(19));
    }
}
