package dev.mailgate.mail.graph;

import java.util.Base64;
import java.util.List;

/**
 * Sends raw MIME through Graph's {@code sendMail}: the message base64-encoded as the body, {@code
 * Content-Type: text/plain}. {@code 202 Accepted} means Exchange took the message for delivery (as
 * an SMTP server's 250 after DATA does), not that it was delivered. Microsoft documents that a MIME
 * {@code sendMail} always saves a copy to Sent Items ({@code saveToSentItems} belongs to the JSON
 * form only).
 *
 * <p>A message whose request would pass Graph's 4 MB limit is refused here, before anything is sent
 * ({@link GraphMessageTooLargeException}); see docs/adr/0024-microsoft-graph-transport.md for why
 * not a draft with upload sessions.
 */
public final class GraphSender {

  /** Graph's limit on one request's body. */
  public static final int REQUEST_LIMIT = 4 * 1024 * 1024;

  private final GraphConnection connection;

  public GraphSender(GraphConnection connection) {
    this.connection = connection;
  }

  /** The largest MIME message that fits one sendMail request once base64-encoded. */
  public static long largestMessage() {
    return REQUEST_LIMIT / 4 * 3;
  }

  /**
   * How large the {@code sendMail} request for this message and envelope is (the message with the
   * envelope's {@code Bcc} field, base64-encoded), so a submission can be refused before it is
   * queued when it would pass {@link #REQUEST_LIMIT}.
   *
   * @throws GraphEnvelopeException when a field names an address the envelope leaves out
   */
  public static long requestSize(byte[] mime, List<String> envelopeRecipients) {
    return encodedSize(GraphEnvelope.addressed(mime, envelopeRecipients).length);
  }

  private static long encodedSize(long bytes) {
    return 4L * ((bytes + 2L) / 3);
  }

  /**
   * Sends the message as its {@code From:} says (the mailbox itself, or an address it may send as).
   *
   * @throws GraphMessageTooLargeException before any request, when it would pass 4 MB
   * @throws GraphException Graph's refusal; {@link GraphException#outcomeUnknown()} when it may
   *     have been sent
   */
  public void send(byte[] mime) {
    post(mime);
  }

  /**
   * Sends the message to exactly these envelope recipients (SMTP's {@code RCPT TO}): those not in
   * its {@code To}/{@code Cc}/{@code Bcc} fields (the Bcc recipients Mailgate never writes into a
   * message) go into a {@code Bcc} field added for Graph, which Exchange removes from the copies it
   * delivers.
   *
   * @throws GraphEnvelopeException before any request, when a field names an address the envelope
   *     leaves out: Graph would send to it
   * @throws GraphMessageTooLargeException before any request, when it would pass 4 MB
   */
  public void send(byte[] mime, List<String> envelopeRecipients) {
    post(GraphEnvelope.addressed(mime, envelopeRecipients));
  }

  private void post(byte[] mime) {
    long encoded = encodedSize(mime.length);
    if (encoded > REQUEST_LIMIT) {
      throw new GraphMessageTooLargeException(mime.length, encoded);
    }
    byte[] body = Base64.getEncoder().encode(mime);
    connection.call(
        new GraphRequest(
            "POST",
            connection.endpoint().resolve("/sendMail"),
            "text/plain",
            body,
            List.of(),
            GraphRequest.Kind.SEND));
  }
}
