package dev.selfsup.api.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads text files as strict UTF-8: a byte sequence that is not UTF-8 is an error naming the file and the byte
 * offset where it starts, never a silent replacement character. A leading byte-order mark is dropped. The
 * framework reads recipes with it; plugins read their text files with it.
 */
public final class Utf8Text {

    private Utf8Text() {
    }

    /**
     * Reads a whole file.
     *
     * @param file the file
     * @return its text
     * @throws IOException if it cannot be read, naming it, or is not UTF-8, naming it and the offset
     */
    public static String read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return decode(bytes, file.toString());
    }

    /**
     * Decodes bytes as strict UTF-8.
     *
     * @param bytes the bytes
     * @param source what to name in an error, e.g. the file
     * @return the text
     * @throws CharacterCodingException naming the source and the offset of the first invalid byte
     */
    public static String decode(byte[] bytes, String source) throws CharacterCodingException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new InvalidUtf8Exception(source, in.position(), bytes[in.position()]);
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Invalid UTF-8, with where it is. */
    public static final class InvalidUtf8Exception extends CharacterCodingException {
        private final String message;
        private final long offset;

        InvalidUtf8Exception(String source, long offset, byte first) {
            this.offset = offset;
            this.message = source + " is not valid UTF-8 at byte offset " + offset
                    + String.format(" (byte 0x%02x); convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8)", first);
        }

        /**
         * Returns where the invalid sequence starts.
         *
         * @return its byte offset from the start of the input
         */
        public long offset() {
            return offset;
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
