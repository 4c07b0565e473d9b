package dev.selfsup.text.data;

import java.util.List;

/**
 * The documents of a text data set, split into a training and a test side, and how many blank documents were
 * left out.
 *
 * @param train the training documents
 * @param test the test (held-out) documents
 * @param blank documents left out because they were empty or white space only
 */
public record TextSplit(List<TextDocument> train, List<TextDocument> test, int blank) {

    /** Copies the lists. */
    public TextSplit {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }
}
