package dev.mailgate.oauth;

import java.time.Instant;
import java.util.UUID;

/**
 * When a provider's client secret or certificate expires, and what that asks of the admin now.
 * {@code threshold} is the warning step reached (30, 14, 7 or 1 days ahead by default; 0 once it
 * has expired), or null while the expiry is further off than the first step.
 */
public record CredentialExpiry(
    UUID providerId,
    String providerName,
    Kind kind,
    Instant expiresAt,
    long daysLeft,
    Integer threshold,
    String summary,
    String action) {

  /** The two things Entra ID lets expire under "Certificates & secrets". */
  public enum Kind {
    CLIENT_SECRET("client secret"),
    CERTIFICATE("certificate");

    private final String words;

    Kind(String words) {
      this.words = words;
    }

    public String words() {
      return words;
    }
  }

  /** Whether the admin should be warned: a threshold is reached or it has expired. */
  public boolean warning() {
    return threshold != null;
  }

  /** The expiry as a page shows it. */
  public String expiresAtWords() {
    return ExpiryDates.words(expiresAt);
  }

  public boolean expired() {
    return threshold != null && threshold == 0;
  }
}
