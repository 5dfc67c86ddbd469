package dev.mailgate.mail.graph;

/**
 * A message too large for one Graph request, refused before anything was sent: {@code sendMail}
 * takes the MIME base64-encoded in a request of at most 4 MB, so about 3 MB of message.
 */
public final class GraphMessageTooLargeException extends GraphException {

  private final long mimeBytes;

  GraphMessageTooLargeException(long mimeBytes, long requestBytes) {
    super(
        413,
        "RequestEntityTooLarge",
        "The message is "
            + mimeBytes
            + " bytes, "
            + requestBytes
            + " once base64-encoded; Graph's sendMail takes at most "
            + GraphSender.REQUEST_LIMIT
            + " bytes per request, so it was not sent. Send it through an SMTP account, or make"
            + " it smaller (attachments as links).",
        null);
    this.mimeBytes = mimeBytes;
  }

  public long mimeBytes() {
    return mimeBytes;
  }
}
