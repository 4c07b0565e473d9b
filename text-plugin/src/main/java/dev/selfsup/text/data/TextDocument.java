package dev.selfsup.text.data;

/**
 * One document of a text corpus.
 *
 * @param text the text
 * @param label its class name, or {@code null} when unlabelled
 * @param source where it came from, e.g. {@code books/emma.txt} or {@code mail.jsonl:17}, for messages
 */
public record TextDocument(String text, String label, String source) {
}
