package dev.mailgate.mail.message;

/**
 * A part of a message that is not its text or HTML body: a file, an inline image, an attached
 * message.
 *
 * @param name the file name decoded to Unicode (RFC 2231 or RFC 2047), or null if it has none
 * @param contentType the MIME type without parameters, lower case ({@code image/png})
 * @param contentId the Content-ID without angle brackets, or null; an HTML body refers to an inline
 *     image by it ({@code cid:})
 * @param inline whether the sender marked it to be shown within the message
 * @param content the decoded bytes
 */
public record ParsedAttachment(
    String name, String contentType, String contentId, boolean inline, byte[] content) {

  public long size() {
    return content.length;
  }
}
