package dev.selfsup.text.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class BrownCorpusTest {

    @Test
    void tagsAreStrippedWordsAndLinesKept() {
        String tagged = "\n\n\tThe/at Fulton/np-tl County/nn-tl said/vbd ``/`` no/at evidence/nn ''/'' ./.\n\n"
                + "\tIt/pps 1/2/cd-tl was/bedz a/at and/or/cc test/nn ./.\n";
        assertEquals("The Fulton County said `` no evidence '' .\nIt 1/2 was a and/or test .",
                BrownCorpus.untag(tagged));
        assertEquals("", BrownCorpus.untag("\n \n"));
    }

    @Test
    void genresAreReadAndAMalformedLineIsNamed() {
        Map<String, String> genres = BrownCorpus.genres("ca01 news\nca02 news\n\ncb01 editorial\n");
        assertEquals(Map.of("ca01", "news", "ca02", "news", "cb01", "editorial"), genres);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BrownCorpus.genres("ca01 news\nca02\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void passagesHaveAboutTwoHundredWordsAndKeepEveryWord() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 950; i++) {
            text.append("w").append(i).append(i % 17 == 0 ? "\n" : " ");
        }
        List<String> passages = BrownCorpus.passages(text.toString(), 200);
        assertEquals(5, passages.size(), "950 words: four of 200 and the last 150");
        assertEquals(950, passages.stream().mapToInt(p -> p.split(" ").length).sum(), "no word lost");
        assertEquals(1, BrownCorpus.passages("a ".repeat(250), 200).size(),
                "250 words: one passage, the 50 left over join it");
        assertEquals(List.of(), BrownCorpus.passages("  ", 200));
    }

    @Test
    void theTestSideIsWholeDocumentsOfEveryGenreAndDeterministic() {
        Map<String, String> genres = new LinkedHashMap<>();
        for (int i = 1; i <= 20; i++) {
            genres.put(String.format("ca%02d", i), "news");
        }
        for (int i = 1; i <= 6; i++) {
            genres.put(String.format("cr%02d", i), "humor");
        }
        genres.put("cz01", "single");
        Set<String> test = BrownCorpus.testDocuments(genres, 0.2, 7);
        assertEquals(test, BrownCorpus.testDocuments(genres, 0.2, 7));
        assertEquals(4, test.stream().filter(d -> d.startsWith("ca")).count());
        assertEquals(1, test.stream().filter(d -> d.startsWith("cr")).count());
        assertTrue(!test.contains("cz01"), "a genre of one document stays on the training side");
    }
}
