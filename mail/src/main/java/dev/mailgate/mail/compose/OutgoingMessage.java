package dev.mailgate.mail.compose;

import java.util.List;
import java.util.Map;

/**
 * What an application asked to send, already checked: addresses as RFC 5322 mailboxes ({@code "Name
 * <a@b>"} or {@code a@b}), Unicode names and subject (encoded when written), and the Message-ID
 * Mailgate assigned. Bcc recipients are never written into the message; they only go into the SMTP
 * envelope.
 *
 * @param messageId the Message-ID, with its angle brackets
 * @param headers extra header fields in the order given
 */
public record OutgoingMessage(
    String messageId,
    String from,
    List<String> to,
    List<String> cc,
    List<String> replyTo,
    String subject,
    String text,
    String html,
    List<Attachment> attachments,
    Map<String, String> headers,
    String inReplyTo,
    List<String> references) {

  public OutgoingMessage {
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    replyTo = List.copyOf(replyTo);
    attachments = List.copyOf(attachments);
    headers = Map.copyOf(headers);
    references = List.copyOf(references);
  }

  /** One attached file. */
  public record Attachment(String name, String contentType, byte[] content) {}
}
