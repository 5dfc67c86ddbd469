package dev.mailgate.outbound;

import dev.mailgate.system.EnumInput;
import dev.mailgate.system.InvalidInputException;
import java.util.UUID;

/** The queue's filters as given in a query string or a form: empty means "all". */
final class OutboxFilter {

  private OutboxFilter() {}

  static OutboxState state(String value) {
    return value == null || value.isBlank()
        ? null
        : EnumInput.parse(OutboxState.class, "state", value, null, "outbox state");
  }

  static UUID account(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return UUID.fromString(value.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "account", "'" + value + "' is not an account id (a UUID); pick one from the list.");
    }
  }
}
