package dev.mailgate.webhook;

/** Where one event's delivery to one subscription stands. */
public enum DeliveryState {
  /** Not accepted yet: due at its next attempt time. */
  PENDING,
  /** The receiver answered 2xx. */
  DELIVERED,
  /** Not accepted within {@code mailgate.webhooks.give-up-after}. */
  GAVE_UP
}
