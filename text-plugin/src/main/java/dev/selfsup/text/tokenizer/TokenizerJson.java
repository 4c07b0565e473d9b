package dev.selfsup.text.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained WordPiece vocabulary as a HuggingFace {@code tokenizer.json}: the normaliser (NFKC and
 * lower-casing as set), the {@code BertPreTokenizer}, the WordPiece model with {@code [UNK]} and the {@code ##}
 * prefix, {@code [CLS] ... [SEP]} around every sequence, and a WordPiece decoder. The file loads unchanged in
 * DJL's {@code HuggingFaceTokenizer} and in Python's {@code tokenizers}.
 */
public final class TokenizerJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Longer words are one {@code [UNK]}, as in BERT. */
    static final int MAX_WORD_CHARACTERS = 100;

    private TokenizerJson() {
    }

    /**
     * Writes the file.
     *
     * @param vocabulary the pieces by id (special tokens first, as {@link WordPieceTrainer#train()} returns them)
     * @param settings the normalisation it was trained with
     * @param file the {@code tokenizer.json} to write
     * @throws IOException if it cannot be written
     */
    public static void write(List<String> vocabulary, TokenizerSettings settings, Path file) throws IOException {
        Files.write(file, JSON.writeValueAsBytes(document(vocabulary, settings)));
    }

    static Map<String, Object> document(List<String> vocabulary, TokenizerSettings settings) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", "1.0");
        root.put("truncation", null);
        root.put("padding", null);
        List<Map<String, Object>> added = new ArrayList<>();
        for (String special : TokenizerSettings.specialTokens()) {
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("id", vocabulary.indexOf(special));
            token.put("content", special);
            token.put("single_word", false);
            token.put("lstrip", false);
            token.put("rstrip", false);
            token.put("normalized", false);
            token.put("special", true);
            added.add(token);
        }
        root.put("added_tokens", added);
        List<Map<String, Object>> normalizers = new ArrayList<>();
        if (settings.nfkc()) {
            normalizers.add(Map.of("type", "NFKC"));
        }
        if (settings.lowercase()) {
            normalizers.add(Map.of("type", "Lowercase"));
        }
        root.put("normalizer", normalizers.isEmpty() ? null : Map.of("type", "Sequence", "normalizers", normalizers));
        root.put("pre_tokenizer", Map.of("type", "BertPreTokenizer"));
        int cls = vocabulary.indexOf(TokenizerSettings.CLS);
        int sep = vocabulary.indexOf(TokenizerSettings.SEP);
        Map<String, Object> post = new LinkedHashMap<>();
        post.put("type", "TemplateProcessing");
        post.put("single", List.of(special(TokenizerSettings.CLS, 0), sequence("A", 0),
                special(TokenizerSettings.SEP, 0)));
        post.put("pair", List.of(special(TokenizerSettings.CLS, 0), sequence("A", 0), special(TokenizerSettings.SEP, 0),
                sequence("B", 1), special(TokenizerSettings.SEP, 1)));
        Map<String, Object> specials = new LinkedHashMap<>();
        specials.put(TokenizerSettings.CLS, Map.of("id", TokenizerSettings.CLS, "ids", List.of(cls), "tokens",
                List.of(TokenizerSettings.CLS)));
        specials.put(TokenizerSettings.SEP, Map.of("id", TokenizerSettings.SEP, "ids", List.of(sep), "tokens",
                List.of(TokenizerSettings.SEP)));
        post.put("special_tokens", specials);
        root.put("post_processor", post);
        root.put("decoder", Map.of("type", "WordPiece", "prefix", WordPieceTrainer.PREFIX, "cleanup", true));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "WordPiece");
        model.put("unk_token", TokenizerSettings.UNK);
        model.put("continuing_subword_prefix", WordPieceTrainer.PREFIX);
        model.put("max_input_chars_per_word", MAX_WORD_CHARACTERS);
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int id = 0; id < vocabulary.size(); id++) {
            vocab.put(vocabulary.get(id), id);
        }
        model.put("vocab", vocab);
        root.put("model", model);
        return root;
    }

    private static Map<String, Object> special(String token, int typeId) {
        return Map.of("SpecialToken", Map.of("id", token, "type_id", typeId));
    }

    private static Map<String, Object> sequence(String id, int typeId) {
        return Map.of("Sequence", Map.of("id", id, "type_id", typeId));
    }
}
