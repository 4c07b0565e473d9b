package dev.selfsup.text.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MailTextTest {

    private static final MailText.Reading RAW = new MailText.Reading(false, false, false);
    private static final MailText.Reading RAW_WITH_HEADERS = new MailText.Reading(true, false, false);

    private static byte[] mail(String headers, byte[] body) {
        byte[] head = (headers + "\n\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    @Test
    void theBodyAloneByDefaultTheWholeMailWhenAsked() {
        byte[] raw = mail("From: a@b.c\nSubject: hello", "Hi there,\n\nsee you.\n".getBytes(StandardCharsets.UTF_8));
        MailText.Mail body = MailText.read(raw, RAW);
        assertEquals("Hi there,\n\nsee you.\n", body.text(), "only the first blank line ends the headers");
        assertEquals(MailText.Decoding.UTF8, body.decoding());
        assertTrue(MailText.read(raw, RAW_WITH_HEADERS).text().startsWith("From: a@b.c\nSubject: hello\n\nHi"));
        byte[] crlf = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals("body\r\n", MailText.read(crlf, RAW).text());
        assertEquals("no blank line", MailText.read("no blank line".getBytes(StandardCharsets.US_ASCII), RAW_WITH_HEADERS)
                .text());
    }

    @Test
    void declaredCharsetsFirstThenUtf8ThenLatin1NothingDropped() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        MailText.Mail declared = MailText.read(mail("Content-Type: text/plain; charset=\"iso-8859-1\"", latin1),
                MailText.Reading.DEFAULT);
        assertEquals("café", declared.text());
        assertEquals(MailText.Decoding.DECLARED, declared.decoding());
        MailText.Mail undeclared = MailText.read(mail("Subject: x", latin1), MailText.Reading.DEFAULT);
        assertEquals("café", undeclared.text(), "not UTF-8, so Latin-1: every byte kept");
        assertEquals(MailText.Decoding.LATIN1, undeclared.decoding());
        MailText.Mail bogus = MailText.read(mail("Content-Type: text/plain; charset=x-unknown-9",
                "naïve".getBytes(StandardCharsets.UTF_8)), MailText.Reading.DEFAULT);
        assertEquals("naïve", bogus.text());
        assertEquals(MailText.Decoding.UTF8, bogus.decoding(), "an unknown charset: decided from the bytes");
        MailText.Mail wrong = MailText.read(mail("Content-Type: text/plain; charset=us-ascii", latin1),
                MailText.Reading.DEFAULT);
        assertEquals("café", wrong.text(), "8-bit text declared us-ascii: not replaced by U+FFFD");
        assertEquals(MailText.Decoding.LATIN1, wrong.decoding());
    }

    @Test
    void transferEncodingsAreDecoded() {
        byte[] base64 = mail("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64",
                java.util.Base64.getMimeEncoder().encode("Grüße aus Köln\n".getBytes(StandardCharsets.UTF_8)));
        MailText.Mail decoded = MailText.read(base64, MailText.Reading.DEFAULT);
        assertEquals("Grüße aus Köln\n", decoded.text());
        assertEquals(MailText.Decoding.DECLARED, decoded.decoding());
        byte[] qp = mail("Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable",
                "caf=E9 au lait, a very long line that was wrapped=\n here\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("café au lait, a very long line that was wrapped here",
                MailText.read(qp, MailText.Reading.DEFAULT).text().strip(), "a soft line break joins the lines");
        assertTrue(MailText.read(qp, RAW).text().contains("caf=E9"), "decode_mime off: the body as it is");
    }

    @Test
    void multipartKeepsTheTextPartsAndThePlainVersionOfAlternatives() {
        String raw = String.join("\n",
                "Subject: offer",
                "Content-Type: multipart/mixed; boundary=\"outer\"",
                "",
                "preamble is not text of the mail",
                "--outer",
                "Content-Type: multipart/alternative; boundary=\"inner\"",
                "",
                "--inner",
                "Content-Type: text/plain; charset=us-ascii",
                "",
                "Buy now, plain.",
                "--inner",
                "Content-Type: text/html; charset=us-ascii",
                "",
                "<html><body><p>Buy <b>now</b>, html.</p></body></html>",
                "--inner--",
                "--outer",
                "Content-Type: image/gif; name=\"x.gif\"",
                "Content-Transfer-Encoding: base64",
                "",
                "R0lGODlhAQABAAAAACw=",
                "--outer",
                "Content-Type: text/plain",
                "Content-Disposition: attachment; filename=\"terms.txt\"",
                "",
                "attached terms",
                "--outer",
                "Content-Type: text/plain",
                "",
                "Unsubscribe here.",
                "--outer--",
                "");
        MailText.Mail mail = MailText.read(raw.getBytes(StandardCharsets.US_ASCII), MailText.Reading.DEFAULT);
        assertEquals("Buy now, plain.\nUnsubscribe here.", mail.text().strip());
        MailText.Mail withHeaders = MailText.read(raw.getBytes(StandardCharsets.US_ASCII),
                new MailText.Reading(true, true, true));
        assertTrue(withHeaders.text().startsWith("Subject: offer\n") && withHeaders.text().contains("Unsubscribe"));
    }

    @Test
    void htmlGivesItsTextUnlessTheMarkupIsAskedFor() {
        byte[] html = mail("Content-Type: text/html; charset=utf-8",
                "<html><head><style>p {color: red}</style></head><body><p>Win a <a href=\"http://x\">prize</a>"
                        .concat(" &amp; more</p></body></html>").getBytes(StandardCharsets.UTF_8));
        assertEquals("Win a prize & more", MailText.read(html, MailText.Reading.DEFAULT).text());
        assertTrue(MailText.read(html, new MailText.Reading(false, true, false)).text().contains("<a href="));
        byte[] undeclared = mail("Content-Transfer-Encoding: quoted-printable",
                "\n<HTML>\n<BODY bgColor=3D#C0C0C0><FONT size=3D4>Thank you</FONT><BR>\n</BODY></HTML>\n"
                        .getBytes(StandardCharsets.US_ASCII));
        assertEquals("Thank you", MailText.read(undeclared, MailText.Reading.DEFAULT).text(),
                "HTML sent without a Content-Type is told by its opening tag");
        byte[] talk = mail("Subject: x", "<tag> is how one writes an html element\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("<tag> is how one writes an html element\n", MailText.read(talk, MailText.Reading.DEFAULT).text());
    }

    @Test
    void theLaterGroupsAreTheTestSet() {
        assertTrue(MailText.isTestGroup("easy-ham-2") && MailText.isTestGroup("spam-2"));
        assertFalse(MailText.isTestGroup("hard-ham-1") || MailText.isTestGroup("spam-1"));
        assertEquals("spam", MailText.label("spam-2"));
        assertEquals("ham", MailText.label("hard-ham-1"));
    }

    @Test
    void brokenMimeNeverLosesTheMail() {
        String cut = "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nhalf a mail";
        assertEquals("half a mail", MailText.read(cut.getBytes(StandardCharsets.US_ASCII), MailText.Reading.DEFAULT)
                .text().strip(), "a boundary that never closes");
        byte[] junk64 = mail("Content-Type: text/plain\nContent-Transfer-Encoding: base64",
                "not base64 at all: \u00e9\u00e9 ###".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(MailText.read(junk64, MailText.Reading.DEFAULT).text() != null, "decodes what it can");
        String forwarded = String.join("\n", "Content-Type: message/rfc822", "",
                "Subject: inner", "Content-Type: text/plain", "", "the forwarded text");
        assertEquals("the forwarded text", MailText.read(forwarded.getBytes(StandardCharsets.US_ASCII),
                MailText.Reading.DEFAULT).text().strip(), "a forwarded mail's text");
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[random.nextInt(2000)];
            random.nextBytes(bytes);
            if (i % 2 == 0) { // a MIME head over random bytes
                byte[] head = "Content-Type: multipart/alternative; boundary=x\n\n--x\n".getBytes(
                        StandardCharsets.US_ASCII);
                System.arraycopy(head, 0, bytes, 0, Math.min(head.length, bytes.length));
            }
            assertTrue(MailText.read(bytes, MailText.Reading.DEFAULT).text() != null, "mail " + i + " read");
        }
    }
}
