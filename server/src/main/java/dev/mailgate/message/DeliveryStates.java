package dev.mailgate.message;

import java.util.Optional;
import java.util.UUID;

/**
 * Where an outbound message is on its way out, told by the feature that sends it: {@code message}
 * stores what is sent but does not depend on the sender, so the sender implements this.
 */
public interface DeliveryStates {

  /** The delivery state of the stored message, or empty if it was not queued to send. */
  Optional<?> of(UUID messageId);
}
