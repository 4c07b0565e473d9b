package dev.selfsup.text.data;

import dev.selfsup.api.data.Utf8Text;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.jsoup.Jsoup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a raw RFC-822 e-mail as the SpamAssassin corpus holds it (../shared/DATA.md): its body, headers
 * stripped unless kept.
 *
 * <p>With {@link Reading#decodeMime()} (the default) the mail is parsed as MIME (Apache James mime4j, lenient):
 * base64 and quoted-printable bodies are decoded, a multipart mail gives the text of its text parts in order (of a
 * {@code multipart/alternative}, the plain-text version when it has one), attachments that are not text are left
 * out, and with {@link Reading#htmlToText()} an HTML part (declared, or plain text that opens as HTML) gives the text
 * a browser would show (jsoup) instead of its markup. A mail that does not parse is read as it is. Without it the body is the raw bytes after the headers.
 *
 * <p>Mail predates UTF-8, so each text is decoded with the charset its part declares ({@code Content-Type: ...;
 * charset=...}) when Java knows it and the bytes are valid in it, else as strict UTF-8, else as ISO-8859-1, which
 * decodes any byte; the least certain of these that applied is returned, so a caller can count the mails that were
 * not UTF-8 instead of losing them.
 */
public final class MailText {

    private static final Pattern CHARSET = Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9_.:-]+)\"?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern HTML_TAG = Pattern.compile("<(html|body)[\\s>]", Pattern.CASE_INSENSITIVE);

    private MailText() {
    }

    /** How a mail's bytes were decoded, from the most to the least certain. */
    public enum Decoding {
        /** With the charset its headers declare. */
        DECLARED,
        /** As UTF-8 (no usable declaration, and the bytes are valid UTF-8). */
        UTF8,
        /** As ISO-8859-1 (no usable declaration, and the bytes are not UTF-8). */
        LATIN1
    }

    /**
     * What to read of a mail.
     *
     * @param keepHeaders keep the headers (as they are) before the body
     * @param decodeMime parse the mail as MIME: decode transfer encodings, keep the text parts
     * @param htmlToText with {@code decodeMime}: the text of HTML parts, not their markup
     */
    public record Reading(boolean keepHeaders, boolean decodeMime, boolean htmlToText) {

        /** The body's text, MIME decoded, HTML as text. */
        public static final Reading DEFAULT = new Reading(false, true, true);
    }

    /**
     * A mail's text.
     *
     * @param text the body (or the whole mail with its headers)
     * @param decoding how the bytes were decoded (the least certain decoding of its parts)
     */
    public record Mail(String text, Decoding decoding) {
    }

    /**
     * Reads a mail.
     *
     * @param raw its bytes
     * @param reading what to read of it
     * @return its text
     */
    public static Mail read(byte[] raw, Reading reading) {
        int split = headerEnd(raw);
        if (reading.decodeMime()) {
            Mail body = mimeBody(raw, reading.htmlToText());
            if (body != null) {
                return reading.keepHeaders()
                        ? new Mail(new String(raw, 0, split, StandardCharsets.ISO_8859_1) + body.text(),
                        body.decoding())
                        : body;
            }
        }
        String headers = new String(raw, 0, split, StandardCharsets.ISO_8859_1);
        byte[] part = reading.keepHeaders() ? raw
                : java.util.Arrays.copyOfRange(raw, Math.min(raw.length, split), raw.length);
        return decode(part, declared(headers));
    }

    /** The text parts of a MIME mail, or null if it does not parse. */
    private static Mail mimeBody(byte[] raw, boolean htmlToText) {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        builder.setDecodeMonitor(DecodeMonitor.SILENT);
        builder.setContentDecoding(true);
        try {
            Message message = builder.parseMessage(new ByteArrayInputStream(raw));
            List<Mail> parts = new ArrayList<>();
            try {
                collect(message, htmlToText, parts);
            } finally {
                message.dispose();
            }
            StringBuilder text = new StringBuilder();
            Decoding decoding = Decoding.DECLARED;
            for (Mail part : parts) {
                if (text.length() > 0 && !part.text().isEmpty()) {
                    text.append('\n');
                }
                text.append(part.text());
                decoding = part.decoding().compareTo(decoding) > 0 ? part.decoding() : decoding;
            }
            return new Mail(text.toString(), parts.isEmpty() ? Decoding.UTF8 : decoding);
        } catch (IOException | RuntimeException e) {
            return null; // mime4j gave up on it (it is lenient; this is rare): the raw body is read instead
        }
    }

    private static void collect(Entity entity, boolean htmlToText, List<Mail> out) throws IOException {
        Body body = entity.getBody();
        if (body instanceof Multipart multipart) {
            List<Entity> parts = multipart.getBodyParts();
            if ("alternative".equalsIgnoreCase(multipart.getSubType()) && !parts.isEmpty()) {
                // versions of one content: the plain text if there is one, else the last (the richest, RFC 2046)
                parts = List.of(parts.stream().filter(p -> "text/plain".equalsIgnoreCase(p.getMimeType()))
                        .findFirst().orElse(parts.get(parts.size() - 1)));
            }
            for (Entity part : parts) {
                collect(part, htmlToText, out);
            }
        } else if (body instanceof Message nested) {
            collect(nested, htmlToText, out);
        } else if (body instanceof SingleBody single && isText(entity)) {
            byte[] bytes;
            try (InputStream in = single.getInputStream()) {
                bytes = in.readAllBytes();
            }
            Mail text = decode(bytes, declared(entity));
            boolean html = "text/html".equalsIgnoreCase(entity.getMimeType()) || looksLikeHtml(text.text());
            out.add(html && htmlToText ? new Mail(Jsoup.parse(text.text()).text(), text.decoding()) : text);
        }
    }

    /**
     * HTML sent as plain text (no Content-Type, or a wrong one: common in spam): it opens with a tag and has an
     * {@code <html>} or {@code <body>} tag in its first 4 KB.
     */
    private static boolean looksLikeHtml(String text) {
        String head = text.substring(0, Math.min(text.length(), 4096)).stripLeading();
        return head.startsWith("<") && HTML_TAG.matcher(head).find();
    }

    /** A text part: {@code text/*} (the default type of a part without one) and not an attachment. */
    private static boolean isText(Entity entity) {
        String type = entity.getMimeType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/")
                && !"attachment".equalsIgnoreCase(entity.getDispositionType());
    }

    private static Charset declared(Entity entity) {
        if (entity.getHeader() != null
                && entity.getHeader().getField("Content-Type") instanceof ContentTypeField type
                && type.getCharset() != null) {
            return charset(type.getCharset());
        }
        return null;
    }

    /** Decodes with the declared charset if the bytes are valid in it, else strict UTF-8, else ISO-8859-1. */
    private static Mail decode(byte[] bytes, Charset declared) {
        if (declared != null) {
            try {
                return new Mail(declared.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString(),
                        Decoding.DECLARED);
            } catch (CharacterCodingException e) {
                // e.g. 8-bit text declared us-ascii, common in spam: decided from the bytes below
            }
        }
        try {
            return new Mail(Utf8Text.decode(bytes, "mail"), Decoding.UTF8);
        } catch (CharacterCodingException e) {
            return new Mail(new String(bytes, StandardCharsets.ISO_8859_1), Decoding.LATIN1);
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
        return m.find() ? charset(m.group(1)) : null;
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name.toLowerCase(Locale.ROOT));
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
