package dev.mailgate.mail.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mailgate.mail.message.MessageParser;
import dev.mailgate.mail.message.ParseLimits;
import dev.mailgate.mail.message.ParsedMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Sample reports in the forms of Postfix, Gmail, Exchange Online, Exim and an ARF feedback loop,
 * written from their documented structure ({@code src/test/resources/reports}), read back to the
 * message and recipient they are about.
 */
class ReportsTest {

  static final String MESSAGE_ID = "<0c5b7e2a-7a43-4d55-b8f1-3f2f1e9c0d11@example.org>";
  static final String RECIPIENT = "marie@example.com";

  /** A sample with its placeholders filled and CRLF line ends, as a mail server delivers it. */
  static byte[] sample(String name, String messageId, String recipient) {
    try (InputStream in = ReportsTest.class.getResourceAsStream("/reports/" + name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.replace("@MESSAGE_ID@", messageId)
          .replace("@RECIPIENT@", recipient)
          .replace("@SENDER@", "billing@example.org")
          .replace("\r\n", "\n")
          .replace("\n", "\r\n")
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ParsedMessage parsed(String name) {
    return MessageParser.parse(sample(name, MESSAGE_ID, RECIPIENT), ParseLimits.defaults());
  }

  private static DeliveryReport delivery(String name) {
    ParsedMessage message = parsed(name);
    assertThat(Reports.mayBeReport(message)).isTrue();
    return (DeliveryReport) Reports.read(message, ParseLimits.defaults()).orElseThrow();
  }

  @Test
  void aPostfixBounceNamesTheReturnedMessageAndTheRefusedRecipient() {
    DeliveryReport report = delivery("postfix-failed.eml");

    assertThat(report.originalMessageIds()).containsExactly(MESSAGE_ID);
    RecipientStatus recipient = report.recipients().getFirst();
    assertThat(report.recipients()).hasSize(1);
    assertThat(recipient.recipient()).isEqualTo(RECIPIENT);
    assertThat(recipient.action()).isEqualTo("failed");
    assertThat(recipient.failed()).isTrue();
    assertThat(recipient.status()).isEqualTo("5.1.1");
    assertThat(recipient.diagnostic())
        .isEqualTo(
            "550 5.1.1 <marie@example.com>: Recipient address rejected: User unknown in"
                + " virtual mailbox table");
    assertThat(recipient.remoteMta()).isEqualTo("mail.example.com");
  }

  @Test
  void aPostfixDelayNoticeIsDelayedWithItsHeadersOnlyOriginal() {
    DeliveryReport report = delivery("postfix-delayed.eml");

    assertThat(report.originalMessageIds()).containsExactly(MESSAGE_ID);
    RecipientStatus recipient = report.recipients().getFirst();
    assertThat(recipient.delayed()).isTrue();
    assertThat(recipient.failed()).isFalse();
    assertThat(recipient.status()).isEqualTo("4.4.1");
    assertThat(recipient.diagnostic())
        .isEqualTo("connect to mail.example.com[203.0.113.25]:25: Connection timed out");
  }

  @Test
  void aGmailBounceHasItsFoldedMultiLineReplyAndItsOwnOriginalIdField() {
    DeliveryReport report = delivery("gmail-failed.eml");

    assertThat(report.originalMessageIds()).containsExactly(MESSAGE_ID);
    RecipientStatus recipient = report.recipients().getFirst();
    assertThat(recipient.recipient()).isEqualTo(RECIPIENT);
    assertThat(recipient.status()).isEqualTo("5.1.1");
    assertThat(recipient.diagnostic())
        .startsWith("550-5.1.1 The email account that you tried to reach does not exist.")
        .contains("550 5.1.1  https://support.google.com/mail/?p=NoSuchUser");
    assertThat(recipient.remoteMta()).isEqualTo("gmail-smtp-in.l.google.com.");
  }

  @Test
  void anExchangeOnlineBounceInTheGlobalFormIsRead() {
    DeliveryReport report = delivery("exchange-online-failed.eml");

    assertThat(report.originalMessageIds()).containsExactly(MESSAGE_ID);
    RecipientStatus recipient = report.recipients().getFirst();
    assertThat(recipient.recipient()).isEqualTo(RECIPIENT);
    assertThat(recipient.status()).isEqualTo("5.1.10");
    assertThat(recipient.diagnostic())
        .isEqualTo(
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address"
                + " lookup");
  }

  @Test
  void aPlainTextBounceIsReadFromItsFailedRecipientsHeaderAndQuotedHeaders() {
    DeliveryReport report = delivery("exim-plain-failed.eml");

    assertThat(report.originalMessageIds()).containsExactly(MESSAGE_ID);
    RecipientStatus recipient = report.recipients().getFirst();
    assertThat(recipient.recipient()).isEqualTo(RECIPIENT);
    assertThat(recipient.failed()).isTrue();
    assertThat(recipient.status()).isEqualTo("5.1.1");
    assertThat(recipient.diagnostic())
        .isEqualTo("550 5.1.1 <marie@example.com>: Recipient address rejected: User unknown");
  }

  @Test
  void anArfReportIsAComplaintAboutTheReturnedMessage() {
    ParsedMessage message = parsed("arf-abuse.eml");

    assertThat(Reports.mayBeReport(message)).isTrue();
    FeedbackReport report =
        (FeedbackReport) Reports.read(message, ParseLimits.defaults()).orElseThrow();
    assertThat(report.feedbackType()).isEqualTo("abuse");
    assertThat(report.originalMessageIds()).containsExactly(MESSAGE_ID);
    assertThat(report.recipients()).containsExactly(RECIPIENT);
    assertThat(report.userAgent()).isEqualTo("SomeGenerator/1.0");
  }

  @Test
  void anOrdinaryMessageIsNoReport() {
    ParsedMessage message =
        MessageParser.parse(
            ("From: a@example.org\r\nTo: b@example.org\r\nSubject: Hi\r\n"
                    + "Message-ID: <x@example.org>\r\nIn-Reply-To: <y@example.org>\r\n\r\n"
                    + "Status 5.1.1 is mentioned here.\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            ParseLimits.defaults());

    assertThat(Reports.mayBeReport(message)).isFalse();
    assertThat(Reports.read(message, ParseLimits.defaults())).isEmpty();
  }

  @Test
  void aDeliveryStatusPartNamingNoRecipientIsNoReport() {
    ParsedMessage message =
        MessageParser.parse(
            ("From: MAILER-DAEMON@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/report; report-type=delivery-status;"
                    + " boundary=\"r\"\r\n\r\n--r\r\nContent-Type: message/delivery-status\r\n"
                    + "\r\nReporting-MTA: dns; mx.example.org\r\n\r\nAction: failed\r\n"
                    + "\r\n--r--\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            ParseLimits.defaults());

    assertThat(Reports.mayBeReport(message)).isTrue();
    assertThat(Reports.read(message, ParseLimits.defaults())).isEmpty();
  }
}
