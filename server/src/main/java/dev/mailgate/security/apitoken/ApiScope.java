package dev.mailgate.security.apitoken;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an API token may do. {@code admin} may do everything; the others each open one part of the
 * API, so an application gets only what it needs (a service desk: {@code messages:read} and {@code
 * messages:send}; a monitoring system: {@code metrics}, {@code diagnostics:read}).
 */
public enum ApiScope {
  /** Read stored messages, their raw MIME and attachments ({@code GET /api/v1/messages...}). */
  MESSAGES_READ("messages:read"),
  /** Queue messages and follow their delivery ({@code POST /api/v1/messages}, outbox state). */
  MESSAGES_SEND("messages:send"),
  /** Manage webhook subscriptions and their deliveries. */
  WEBHOOKS("webhooks"),
  /** Read diagnostics, the event log, reader and token status. */
  DIAGNOSTICS_READ("diagnostics:read"),
  /** Scrape {@code /actuator/prometheus}. */
  METRICS("metrics"),
  /** Everything, including providers, accounts, tokens and the master key. */
  ADMIN("admin");

  private final String value;

  ApiScope(String value) {
    this.value = value;
  }

  /** The scope as written in tokens, answers and the UI, e.g. {@code messages:read}. */
  public String value() {
    return value;
  }

  public static Optional<ApiScope> of(String value) {
    String wanted = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.value.equals(wanted)).findFirst();
  }

  /** The authority an authenticated token carries for this scope. */
  String authority() {
    return "SCOPE_" + value;
  }
}
