package dev.mailgate.mail.compose;

import dev.mailgate.mail.StreamProviderLookup;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * Writes an {@link OutgoingMessage} as RFC 5322 bytes with Jakarta Mail, so the bytes stored are
 * the bytes sent. No header line is longer than 998 characters ({@link HeaderLines}). Non-ASCII
 * subjects and display names become RFC 2047 encoded words; bodies are UTF-8; text plus HTML is
 * {@code multipart/alternative}, attachments wrap it in {@code multipart/mixed}.
 */
public final class MessageComposer {

  static {
    StreamProviderLookup.skipServiceLoader();
  }

  private static final Session SESSION = Session.getInstance(new Properties());
  private static final Base64.Encoder BASE64 =
      Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII));

  private MessageComposer() {}

  /** The message as it will be stored and sent, dated {@code date}. */
  public static byte[] compose(OutgoingMessage m, Instant date) {
    try {
      MimeMessage message = new FixedIdMessage(m.messageId());
      message.setFrom(address(m.from()));
      message.setRecipients(RecipientType.TO, addresses(m.to()));
      message.setRecipients(RecipientType.CC, addresses(m.cc()));
      if (!m.replyTo().isEmpty()) {
        message.setReplyTo(addresses(m.replyTo()));
      }
      message.setHeader(
          "Subject", HeaderLines.unstructured("Subject", m.subject() == null ? "" : m.subject()));
      message.setSentDate(Date.from(date));
      if (m.inReplyTo() != null) {
        message.setHeader("In-Reply-To", m.inReplyTo());
      }
      if (!m.references().isEmpty()) {
        message.setHeader(
            "References", HeaderLines.structured("References", String.join(" ", m.references())));
      }
      for (var header : m.headers().entrySet()) {
        message.addHeader(
            header.getKey(), HeaderLines.unstructured(header.getKey(), header.getValue()));
      }
      if (m.attachments().isEmpty()) {
        fillBody(message, m);
      } else {
        MimeBodyPart body = new MimeBodyPart();
        fillBody(body, m);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        for (OutgoingMessage.Attachment a : m.attachments()) {
          mixed.addBodyPart(attachment(a));
        }
        message.setContent(mixed);
      }
      message.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      message.writeTo(out);
      byte[] written = out.toByteArray();
      if (!HeaderLines.headerSectionFits(written)) {
        // What no encoding can shorten (a Message-ID or an address of a thousand characters) is
        // refused by the submission rules first; this is the last guard, never a silent send.
        throw new ComposeException(
            "Message "
                + m.messageId()
                + " would have a header line longer than "
                + HeaderLines.MAX_LINE
                + " characters (RFC 5322 section 2.1.1)",
            null);
      }
      return written;
    } catch (MessagingException | IOException e) {
      throw new ComposeException("Could not write message " + m.messageId() + " as MIME", e);
    }
  }

  private static void fillBody(MimePart part, OutgoingMessage m) throws MessagingException {
    if (m.html() != null && m.text() != null) {
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(textPart(m.text(), "plain"));
      alternative.addBodyPart(textPart(m.html(), "html"));
      part.setContent(alternative);
    } else if (m.html() != null) {
      part.setText(m.html(), "UTF-8", "html");
    } else {
      part.setText(m.text() == null ? "" : m.text(), "UTF-8", "plain");
    }
  }

  private static MimeBodyPart textPart(String text, String subtype) throws MessagingException {
    MimeBodyPart part = new MimeBodyPart();
    part.setText(text, "UTF-8", subtype);
    return part;
  }

  /** Base64 written here, so no activation data handler is needed for arbitrary types. */
  private static MimeBodyPart attachment(OutgoingMessage.Attachment a)
      throws MessagingException, UnsupportedEncodingException {
    InternetHeaders headers = new InternetHeaders();
    headers.setHeader("Content-Type", a.contentType());
    headers.setHeader("Content-Transfer-Encoding", "base64");
    byte[] encoded = BASE64.encode(a.content());
    MimeBodyPart part = new MimeBodyPart(headers, encoded);
    part.setFileName(MimeUtility.encodeText(a.name(), StandardCharsets.UTF_8.name(), null));
    part.setDisposition(MimeBodyPart.ATTACHMENT);
    return part;
  }

  private static InternetAddress address(String mailbox) throws MessagingException {
    InternetAddress parsed = new InternetAddress(mailbox, true);
    if (parsed.getPersonal() != null) {
      try {
        parsed.setPersonal(parsed.getPersonal(), "UTF-8");
      } catch (UnsupportedEncodingException e) {
        throw new MessagingException("UTF-8 is always supported", e);
      }
    }
    return parsed;
  }

  private static InternetAddress[] addresses(List<String> mailboxes) throws MessagingException {
    InternetAddress[] result = new InternetAddress[mailboxes.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = address(mailboxes.get(i));
    }
    return result;
  }

  /** Keeps the Message-ID assigned at enqueue instead of the one {@code saveChanges} invents. */
  private static final class FixedIdMessage extends MimeMessage {

    private final String messageId;

    FixedIdMessage(String messageId) {
      super(SESSION);
      this.messageId = messageId;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", messageId);
    }
  }
}
