package dev.selfsup.text.data;

import dev.selfsup.api.data.Utf8Text;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a raw RFC-822 e-mail as the SpamAssassin corpus holds it (../shared/DATA.md): its body, headers
 * stripped unless kept. Mail predates UTF-8, so the bytes are decoded with the charset the mail declares
 * ({@code Content-Type: ...; charset=...}) when Java knows it, else as strict UTF-8, else as ISO-8859-1, which
 * decodes any byte; which of these applied is returned, so a caller can count the mails that were not UTF-8
 * instead of losing them.
 */
public final class MailText {

    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9_.:-]+)\"?",
            Pattern.CASE_INSENSITIVE);

    private MailText() {
    }

    /** How a mail's bytes were decoded. */
    public enum Decoding {
        /** With the charset its headers declare. */
        DECLARED,
        /** As UTF-8 (no usable declaration, and the bytes are valid UTF-8). */
        UTF8,
        /** As ISO-8859-1 (no usable declaration, and the bytes are not UTF-8). */
        LATIN1
    }

    /**
     * A mail's text.
     *
     * @param text the body (or the whole mail with its headers)
     * @param decoding how the bytes were decoded
     */
    public record Mail(String text, Decoding decoding) {
    }

    /**
     * Reads a mail.
     *
     * @param raw its bytes
     * @param keepHeaders keep the headers, else the body alone
     * @return its text
     */
    public static Mail read(byte[] raw, boolean keepHeaders) {
        int split = headerEnd(raw);
        String headers = new String(raw, 0, split, StandardCharsets.ISO_8859_1);
        Charset declared = declared(headers);
        byte[] part = keepHeaders ? raw : java.util.Arrays.copyOfRange(raw, Math.min(raw.length, split), raw.length);
        if (declared != null) {
            return new Mail(new String(part, declared), Decoding.DECLARED);
        }
        try {
            return new Mail(Utf8Text.decode(part, "mail"), Decoding.UTF8);
        } catch (CharacterCodingException e) {
            return new Mail(new String(part, StandardCharsets.ISO_8859_1), Decoding.LATIN1);
        }
    }

    /** The offset just past the blank line that ends the headers (the whole mail if there is none). */
    private static int headerEnd(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && raw[i + 1] == '\n') {
                return i + 2;
            }
            if (raw[i] == '\n' && raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n') {
                return i + 3;
            }
        }
        return raw.length;
    }

    private static Charset declared(String headers) {
        Matcher m = CHARSET.matcher(headers);
        if (!m.find()) {
            return null;
        }
        try {
            return Charset.forName(m.group(1).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null; // an unknown or malformed charset name: decide from the bytes
        }
    }

    /**
     * Tells which side of the SpamAssassin split a group is on: the later mail ({@code *-2} groups) is the test
     * set, the rest ({@code *-1}) the training set.
     *
     * @param group e.g. {@code easy-ham-1}, {@code spam-2}
     * @return true for the test side
     */
    public static boolean isTestGroup(String group) {
        return group.endsWith("-2");
    }

    /**
     * Returns a group's label.
     *
     * @param group e.g. {@code hard-ham-1}
     * @return {@code spam} or {@code ham}
     */
    public static String label(String group) {
        return group.startsWith("spam") ? "spam" : "ham";
    }
}
