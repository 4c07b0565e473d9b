package dev.selfsup.text.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MailTextTest {

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
        MailText.Mail body = MailText.read(raw, false);
        assertEquals("Hi there,\n\nsee you.\n", body.text(), "only the first blank line ends the headers");
        assertEquals(MailText.Decoding.UTF8, body.decoding());
        assertTrue(MailText.read(raw, true).text().startsWith("From: a@b.c\nSubject: hello\n\nHi"));
        byte[] crlf = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals("body\r\n", MailText.read(crlf, false).text());
        assertEquals("no blank line", MailText.read("no blank line".getBytes(StandardCharsets.US_ASCII), true)
                .text());
    }

    @Test
    void declaredCharsetsFirstThenUtf8ThenLatin1NothingDropped() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        MailText.Mail declared = MailText.read(mail("Content-Type: text/plain; charset=\"iso-8859-1\"", latin1),
                false);
        assertEquals("café", declared.text());
        assertEquals(MailText.Decoding.DECLARED, declared.decoding());
        MailText.Mail undeclared = MailText.read(mail("Subject: x", latin1), false);
        assertEquals("café", undeclared.text(), "not UTF-8, so Latin-1: every byte kept");
        assertEquals(MailText.Decoding.LATIN1, undeclared.decoding());
        MailText.Mail bogus = MailText.read(mail("Content-Type: text/plain; charset=x-unknown-9",
                "naïve".getBytes(StandardCharsets.UTF_8)), false);
        assertEquals("naïve", bogus.text());
        assertEquals(MailText.Decoding.UTF8, bogus.decoding(), "an unknown charset: decided from the bytes");
    }

    @Test
    void theLaterGroupsAreTheTestSet() {
        assertTrue(MailText.isTestGroup("easy-ham-2") && MailText.isTestGroup("spam-2"));
        assertFalse(MailText.isTestGroup("hard-ham-1") || MailText.isTestGroup("spam-1"));
        assertEquals("spam", MailText.label("spam-2"));
        assertEquals("ham", MailText.label("hard-ham-1"));
    }
}
