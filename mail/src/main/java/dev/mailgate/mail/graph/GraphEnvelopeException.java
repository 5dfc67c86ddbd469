package dev.mailgate.mail.graph;

import java.util.Set;

/**
 * A message whose envelope Graph cannot carry, refused before anything was sent. {@code sendMail}
 * with MIME takes its recipients from the {@code To}, {@code Cc} and {@code Bcc} fields; an
 * envelope recipient missing there is added as {@code Bcc} (Exchange takes it out of the copies it
 * delivers), but a field recipient missing from the envelope would be sent to anyway.
 */
public final class GraphEnvelopeException extends GraphException {

  private final Set<String> notInEnvelope;

  GraphEnvelopeException(Set<String> notInEnvelope, String why) {
    super(NOT_SENT, "EnvelopeNotExpressible", why, null, false, null);
    this.notInEnvelope = Set.copyOf(notInEnvelope);
  }

  /** The addresses of the message's fields that the envelope leaves out. */
  public Set<String> notInEnvelope() {
    return notInEnvelope;
  }
}
