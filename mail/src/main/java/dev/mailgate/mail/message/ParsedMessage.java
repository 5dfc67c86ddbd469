package dev.mailgate.mail.message;

import java.time.Instant;
import java.util.List;

/**
 * What Mailgate reads out of one raw RFC 5322 message. Every text is Unicode; absent values are
 * null (strings, date) or empty (lists).
 *
 * @param headers every header field read, in order, decoded
 * @param date the Date header, or null if missing or unreadable
 * @param messageId the Message-ID with its angle brackets, as written
 * @param references the message ids of the References header, each with angle brackets
 * @param textBody the first text/plain body part, decoded to Unicode
 * @param htmlBody the first text/html body part, decoded to Unicode, not sanitized
 * @param autoReply sent by a program, not a person: Auto-Submitted other than "no", X-Autoreply,
 *     X-Autorespond, Precedence auto_reply/bulk/junk, or a read receipt (disposition notification)
 * @param bounce a delivery status notification (multipart/report; report-type=delivery-status)
 * @param oversize larger than the size limit, so only the headers were read
 * @param parseError why part or all of the message could not be read, or null if it all could
 */
public record ParsedMessage(
    List<HeaderField> headers,
    List<MailAddress> from,
    List<MailAddress> to,
    List<MailAddress> cc,
    List<MailAddress> replyTo,
    String subject,
    Instant date,
    String messageId,
    String inReplyTo,
    List<String> references,
    String textBody,
    String htmlBody,
    List<ParsedAttachment> attachments,
    boolean autoReply,
    boolean bounce,
    boolean oversize,
    String parseError) {

  /** The first From address, or null if the message has none. */
  public MailAddress sender() {
    return from.isEmpty() ? null : from.get(0);
  }

  public boolean hasParseError() {
    return parseError != null;
  }
}
