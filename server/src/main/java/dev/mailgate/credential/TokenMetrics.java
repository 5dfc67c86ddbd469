package dev.mailgate.credential;

import dev.mailgate.credential.Credential.CredentialState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Token lifecycle metrics (at {@code /actuator/prometheus}): {@code mailgate_token_refreshes_total}
 * by trigger and outcome, {@code mailgate_token_refresh_duration_seconds} (the token-endpoint call)
 * by outcome, and {@code mailgate_credentials} by state (counted in the database at scrape time).
 */
@Component
class TokenMetrics {

  static final String REFRESHED = "refreshed";
  static final String FAILED = "failed";
  static final String NEEDS_REAUTHORIZATION = "needs_reauthorization";
  static final String ERROR = "error";

  private final MeterRegistry registry;

  TokenMetrics(MeterRegistry registry, JdbcRefreshState state) {
    this.registry = registry;
    for (CredentialState credentialState : CredentialState.values()) {
      Gauge.builder("mailgate.credentials", () -> state.countByState().get(credentialState))
          .description("Credentials by state")
          .tag("state", credentialState.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
  }

  /** One token-endpoint call for a refresh, or a refresh that broke before it could make one. */
  void refresh(RefreshTrigger trigger, String outcome, Duration took) {
    Counter.builder("mailgate.token.refreshes")
        .description("Access token refreshes by trigger and outcome")
        .tag("trigger", trigger.tag())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    if (took != null) {
      Timer.builder("mailgate.token.refresh.duration")
          .description("Time of the token endpoint call of a refresh")
          .tag("outcome", outcome)
          .register(registry)
          .record(took);
    }
  }
}
