package dev.mailgate.webhook;

import java.util.Arrays;
import java.util.Optional;

/** The events a subscription can ask for, with the names receivers see in {@code type}. */
public enum EventType {
  MESSAGE_RECEIVED("message.received"),
  MESSAGE_SENT("message.sent"),
  MESSAGE_FAILED("message.failed"),
  MESSAGE_BOUNCED("message.bounced"),
  MESSAGE_COMPLAINED("message.complained"),
  CREDENTIAL_NEEDS_REAUTHORIZATION("credential.needs_reauthorization"),
  ACCOUNT_ERROR("account.error"),
  PROVIDER_CREDENTIAL_EXPIRING("provider.credential_expiring");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  static Optional<EventType> fromWireName(String name) {
    return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
  }
}
