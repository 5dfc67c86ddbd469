package dev.mailgate.mail.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parser reads real-world shaped messages, and never throws on broken or hostile ones. */
class MessageParserTest {

  private static final ParseLimits LIMITS = ParseLimits.defaults();

  static byte[] resource(String name) {
    try (InputStream in = MessageParserTest.class.getResourceAsStream("/messages/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ParsedMessage parse(String name) {
    return MessageParser.parse(resource(name), LIMITS);
  }

  @Test
  void aPlainMessageYieldsItsHeadersAndItsDecodedText() {
    ParsedMessage m = parse("plain.eml");

    assertThat(m.sender()).isEqualTo(new MailAddress("Anna Schmidt", "anna.schmidt@example.org"));
    assertThat(m.to())
        .containsExactly(
            new MailAddress("Support", "support@mailgate.test"),
            new MailAddress("Sales, EMEA", "sales@mailgate.test"));
    assertThat(m.cc()).containsExactly(new MailAddress(null, "team@example.org"));
    assertThat(m.replyTo()).containsExactly(new MailAddress("Anna at home", "anna@home.example"));
    assertThat(m.subject()).isEqualTo("Printer on floor 3 is out of toner");
    assertThat(m.date()).isEqualTo(Instant.parse("2025-01-14T08:12:40Z"));
    assertThat(m.messageId()).isEqualTo("<20250114091240.1234@example.org>");
    assertThat(m.inReplyTo()).isEqualTo("<ticket-4711@mailgate.test>");
    assertThat(m.references())
        .containsExactly("<ticket-4700@mailgate.test>", "<ticket-4711@mailgate.test>");
    assertThat(m.textBody())
        .contains("says \u201ctoner low\u201d and prints nothing since this morning.");
    assertThat(m.htmlBody()).isNull();
    assertThat(m.attachments()).isEmpty();
    assertThat(m.headers()).extracting(HeaderField::name).contains("Received", "Return-Path");
    assertThat(m.autoReply()).isFalse();
    assertThat(m.bounce()).isFalse();
    assertThat(m.parseError()).isNull();
  }

  @Test
  void anHtmlMessageWithAnInlineImageYieldsBothBodiesAndTheImage() {
    ParsedMessage m = parse("html-inline-image.eml");

    assertThat(m.textBody()).startsWith("Your report is ready.");
    assertThat(m.htmlBody()).contains("<b>ready</b>", "cid:logo@contoso");
    assertThat(m.attachments()).hasSize(1);
    ParsedAttachment image = m.attachments().get(0);
    assertThat(image.contentType()).isEqualTo("image/png");
    assertThat(image.contentId()).isEqualTo("logo@contoso");
    assertThat(image.inline()).isTrue();
    assertThat(image.name()).isNull();
    assertThat(image.content()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(m.parseError()).isNull();
  }

  @Test
  void attachmentNamesInRfc2231AndRfc2047AreDecoded() {
    ParsedMessage m = parse("attachments-rfc2231.eml");

    assertThat(m.subject()).isEqualTo("Unterlagen für die Prüfung");
    assertThat(m.sender().name()).isEqualTo("Jürgen Müller");
    assertThat(m.textBody()).contains("Anbei die Unterlagen für die Prüfung.");
    assertThat(m.attachments())
        .extracting(ParsedAttachment::name)
        .containsExactly(
            "Übersicht 2024.pdf",
            "Prüfungsergebnisse Sommersemester 2024.csv",
            "Übersicht Änderungen.docx");
    assertThat(new String(m.attachments().get(1).content(), StandardCharsets.UTF_8))
        .isEqualTo("Name;Note\nMüller;1,3\n");
    assertThat(m.attachments().get(0).contentType()).isEqualTo("application/pdf");
    assertThat(m.attachments().get(0).size()).isEqualTo(20);
    assertThat(m.parseError()).isNull();
  }

  @Test
  void nonAsciiSubjectsAndNamesAreDecodedEvenWhenACharacterIsSplitAcrossEncodedWords() {
    ParsedMessage m = parse("non-ascii.eml");

    assertThat(m.subject()).isEqualTo("Größe – 日本語");
    assertThat(m.sender()).isEqualTo(new MailAddress("François Lefèvre", "francois@example.fr"));
    assertThat(m.to()).containsExactly(new MailAddress("山田太郎", "yamada@example.jp"));
    assertThat(m.textBody()).startsWith("こんにちは");
    assertThat(m.parseError()).isNull();
  }

  @Test
  void aDeliveryStatusNotificationIsABounce() {
    ParsedMessage m = parse("dsn-bounce.eml");

    assertThat(m.bounce()).isTrue();
    assertThat(m.autoReply()).isTrue();
    assertThat(m.textBody()).contains("550 5.1.1 User unknown");
    assertThat(m.attachments())
        .extracting(ParsedAttachment::contentType)
        .containsExactly("message/delivery-status", "text/rfc822-headers");
    assertThat(m.parseError()).isNull();
  }

  @Test
  void anOutOfOfficeReplyIsAnAutoReplyAndNoBounce() {
    ParsedMessage m = parse("auto-reply.eml");

    assertThat(m.autoReply()).isTrue();
    assertThat(m.bounce()).isFalse();
    assertThat(m.inReplyTo()).isEqualTo("<ticket-4711@mailgate.test>");
  }

  @ParameterizedTest(name = "{0} => auto-reply {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Auto-Submitted: auto-generated | true",
        "Auto-Submitted: auto-replied; owner-email=\"a@b\" | true",
        "Auto-Submitted: no | false",
        "AUTO-SUBMITTED: No (a person) | false",
        "X-Autoreply: yes | true",
        "X-Autorespond: 1 | true",
        "Precedence: bulk | true",
        "Precedence: junk | true",
        "Precedence: auto_reply | true",
        "Precedence: list | false",
        "X-Mailer: Outlook | false"
      })
  void automaticSendersAreRecognisedByTheirHeaders(String header, boolean autoReply) {
    byte[] raw =
        ("From: a@example.com\r\n" + header + "\r\nSubject: x\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    assertThat(MessageParser.parse(raw, LIMITS).autoReply()).isEqualTo(autoReply);
  }

  @Test
  void aReadReceiptIsAnAutoReply() {
    byte[] raw =
        ("From: a@example.com\r\nContent-Type: multipart/report;"
                + " report-type=disposition-notification; boundary=r\r\n\r\n--r\r\n"
                + "Content-Type: text/plain\r\n\r\nRead.\r\n--r\r\n"
                + "Content-Type: message/disposition-notification\r\n\r\n"
                + "Disposition: manual-action/MDN-sent-manually; displayed\r\n--r--\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    ParsedMessage m = MessageParser.parse(raw, LIMITS);

    assertThat(m.autoReply()).isTrue();
    assertThat(m.bounce()).isFalse();
  }

  @Test
  void aMultipartWithoutBoundaryKeepsItsHeadersAndSaysWhy() {
    ParsedMessage m = parse("missing-boundary.eml");

    assertThat(m.subject()).isEqualTo("Multipart without a boundary");
    assertThat(m.messageId()).isEqualTo("<noboundary@example.net>");
    assertThat(m.parseError()).contains("multipart/mixed body could not be split");
  }

  @Test
  void damagedBase64KeepsTheIntactBytesAndSaysSo() {
    ParsedMessage m = parse("broken-base64.eml");

    assertThat(m.textBody()).startsWith("See attached scan.");
    assertThat(m.attachments()).hasSize(1);
    assertThat(new String(m.attachments().get(0).content(), StandardCharsets.US_ASCII))
        .isEqualTo("Hello, world! This is a scan.");
    assertThat(m.parseError()).contains("damaged base64");
  }

  @Test
  void nestingBeyondTheLimitIsNotReadAndSaysSo() {
    ParsedMessage m = parse("deep-nesting.eml");

    assertThat(m.subject()).isEqualTo("Deep");
    assertThat(m.textBody()).isNull();
    assertThat(m.parseError()).isEqualTo("Multiparts nested deeper than 30 levels were not read.");
  }

  @Test
  void nestingWithinTheLimitIsRead() {
    ParsedMessage m = MessageParser.parse(resource("deep-nesting.eml"), LIMITS.withMaxDepth(200));

    assertThat(m.textBody()).startsWith("the bottom");
    assertThat(m.parseError()).isNull();
  }

  @Test
  void partsBeyondTheLimitAreSkipped() {
    ParsedMessage m =
        MessageParser.parse(resource("html-inline-image.eml"), LIMITS.withMaxParts(3));

    assertThat(m.textBody()).startsWith("Your report is ready.");
    assertThat(m.attachments()).isEmpty();
    assertThat(m.parseError()).contains("More than 3 MIME parts");
  }

  @Test
  void anUnknownCharsetIsReadAsUtf8WhenTheBytesAreUtf8() {
    ParsedMessage m = parse("unknown-charset.eml");

    assertThat(m.subject()).isEqualTo("Café order");
    assertThat(m.sender().name()).isEqualTo("René");
    assertThat(m.textBody()).startsWith("Un café, s'il vous plaît.");
    assertThat(m.parseError()).isNull();
  }

  @Test
  void rawEightBitHeadersAreUtf8WhenValidAndWindows1252Otherwise() {
    ParsedMessage m = parse("8bit-headers.eml");

    assertThat(m.subject()).isEqualTo("Smörgåsbord für alle");
    assertThat(m.sender()).isEqualTo(new MailAddress("Zoë Ångström", "zoe@example.se"));
    assertThat(m.headers()).contains(new HeaderField("Comments", "Café crème"));
    assertThat(m.textBody()).startsWith("Valid: å, invalid: \uFFFD\uFFFD end.");
  }

  @Test
  void anOversizeMessageIsReadForItsHeadersOnly() {
    byte[] raw = resource("html-inline-image.eml");

    ParsedMessage m = MessageParser.parse(raw, LIMITS.withMaxMessageBytes(raw.length - 1));

    assertThat(m.oversize()).isTrue();
    assertThat(m.subject()).isEqualTo("Your monthly report");
    assertThat(m.textBody()).isNull();
    assertThat(m.htmlBody()).isNull();
    assertThat(m.attachments()).isEmpty();
    assertThat(m.parseError()).isNull();
  }

  @Test
  void tenThousandHeaderFieldsAreCutAtTheLimitAndTheBodyIsNotParsed() {
    StringBuilder raw = new StringBuilder("From: flood@example.com\r\nSubject: Flood\r\n");
    for (int i = 0; i < 10_000; i++) {
      raw.append("X-Flood-").append(i).append(": ").append(i).append("\r\n");
    }
    raw.append("\r\nbody\r\n");

    ParsedMessage m =
        MessageParser.parse(raw.toString().getBytes(StandardCharsets.US_ASCII), LIMITS);

    assertThat(m.headers()).hasSize(ParseLimits.DEFAULT_MAX_HEADERS);
    assertThat(m.subject()).isEqualTo("Flood");
    assertThat(m.textBody()).isNull();
    assertThat(m.parseError()).contains("10002 header fields");
  }

  @Test
  void garbageNeverThrows() {
    Random random = new Random(42);
    byte[] noise = new byte[64 * 1024];
    random.nextBytes(noise);
    byte[][] inputs = {
      new byte[0],
      "\r\n".getBytes(StandardCharsets.US_ASCII),
      "no colon here\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
      "Content-Type: multipart/mixed; boundary=\"\r\n\r\n--\r\n"
          .getBytes(StandardCharsets.US_ASCII),
      "Content-Type: ;;;\r\nContent-Transfer-Encoding: base64\r\n\r\n====".getBytes(),
      "From: <<<@@@>>>\r\nDate: yesterday\r\nTo: ,,,\r\n\r\n".getBytes(),
      noise
    };

    for (byte[] input : inputs) {
      ParsedMessage m = MessageParser.parse(input, LIMITS);
      assertThat(m).isNotNull();
      assertThat(m.headers()).isNotNull();
    }
  }

  @Test
  void anUnreadableDateIsNullAndNoError() {
    byte[] raw = "From: a@example.com\r\nDate: the day after tomorrow\r\n\r\nx\r\n".getBytes();

    ParsedMessage m = MessageParser.parse(raw, LIMITS);

    assertThat(m.date()).isNull();
    assertThat(m.parseError()).isNull();
  }
}
