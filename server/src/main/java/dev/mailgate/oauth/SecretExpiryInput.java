package dev.mailgate.oauth;

import dev.mailgate.system.InvalidInputException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The client secret's expiry date as entered: left out (keep the stored one), empty (forget it) or
 * a date, which Entra ID shows in the Expires column beside the secret.
 */
record SecretExpiryInput(boolean given, LocalDate date) {

  static final String FIELD = "clientSecretExpiresOn";

  static SecretExpiryInput parse(String value) {
    if (value == null) {
      return new SecretExpiryInput(false, null);
    }
    if (value.isBlank()) {
      return new SecretExpiryInput(true, null);
    }
    try {
      return new SecretExpiryInput(true, LocalDate.parse(value.strip()));
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          FIELD,
          "'"
              + value.strip()
              + "' is no date: enter the secret's expiry as year-month-day, e.g. 2027-06-30"
              + " (Entra ID shows it in the Expires column under Certificates & secrets).");
    }
  }

  void applyTo(JdbcProviderStore providers, UUID providerId) {
    if (given) {
      providers.setClientSecretExpiresOn(providerId, date);
    }
  }
}
