package dev.mailgate.outbound;

import dev.mailgate.message.DeliveryStates;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The outbox entry of a stored message, for the message API's {@code delivery}. */
@Component
class OutboxDeliveryStates implements DeliveryStates {

  private final JdbcOutbox outbox;

  OutboxDeliveryStates(JdbcOutbox outbox) {
    this.outbox = outbox;
  }

  @Override
  public Optional<OutboxEntry> of(UUID messageId) {
    return outbox.findByMessage(messageId);
  }
}
