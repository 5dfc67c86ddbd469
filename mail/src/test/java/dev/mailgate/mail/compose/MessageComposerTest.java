package dev.mailgate.mail.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.message.MessageParser;
import dev.mailgate.mail.message.ParseLimits;
import dev.mailgate.mail.message.ParsedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageComposerTest {

  private static final Instant DATE = Instant.parse("2026-11-23T09:00:00Z");

  private static OutgoingMessage.Attachment csv() {
    return new OutgoingMessage.Attachment(
        "Übersicht.csv", "text/csv", "a;b\n1;2\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void nonAsciiSubjectAndNamesAreEncodedWordsThatReadBackAsWritten() {
    byte[] raw =
        MessageComposer.compose(
            new OutgoingMessage(
                "<1@mailgate.test>",
                "Jürgen Groß <jg@mailgate.test>",
                List.of("Zoë <zoe@example.org>"),
                List.of(),
                List.of(),
                "Grüße aus Köln ✓",
                "Hallo",
                null,
                List.of(),
                Map.of(),
                null,
                List.of()),
            DATE);

    String headers = new String(raw, StandardCharsets.US_ASCII);
    assertThat(headers).contains("Subject: =?UTF-8?").doesNotContain("Grüße");
    ParsedMessage parsed = MessageParser.parse(raw, ParseLimits.defaults());
    assertThat(parsed.subject()).isEqualTo("Grüße aus Köln ✓");
    assertThat(parsed.sender().name()).isEqualTo("Jürgen Groß");
    assertThat(parsed.to().get(0).name()).isEqualTo("Zoë");
    assertThat(parsed.messageId()).isEqualTo("<1@mailgate.test>");
    assertThat(parsed.date()).isEqualTo(DATE);
  }

  @Test
  void textHtmlAttachmentsThreadingAndExtraHeadersAreAllWritten() {
    byte[] raw =
        MessageComposer.compose(
            new OutgoingMessage(
                "<2@mailgate.test>",
                "desk@mailgate.test",
                List.of("a@example.org"),
                List.of("b@example.org"),
                List.of("replies@mailgate.test"),
                "Report",
                "See the report.",
                "<p>See the report.</p>",
                List.of(csv()),
                Map.of("X-Ticket", "INC0042"),
                "<parent@example.org>",
                List.of("<root@example.org>", "<parent@example.org>")),
            DATE);

    ParsedMessage parsed = MessageParser.parse(raw, ParseLimits.defaults());
    assertThat(parsed.textBody()).startsWith("See the report.");
    assertThat(parsed.htmlBody()).contains("<p>See the report.</p>");
    assertThat(parsed.cc().get(0).address()).isEqualTo("b@example.org");
    assertThat(parsed.replyTo().get(0).address()).isEqualTo("replies@mailgate.test");
    assertThat(parsed.inReplyTo()).isEqualTo("<parent@example.org>");
    assertThat(parsed.references()).containsExactly("<root@example.org>", "<parent@example.org>");
    assertThat(parsed.headers()).anyMatch(h -> h.toString().contains("INC0042"));
    assertThat(parsed.attachments()).hasSize(1);
    assertThat(parsed.attachments().get(0).name()).isEqualTo("Übersicht.csv");
    assertThat(parsed.attachments().get(0).content()).isEqualTo(csv().content());
  }
}
