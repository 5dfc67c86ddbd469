package dev.mailgate.oauth;

import dev.mailgate.event.EventLog;
import dev.mailgate.event.EventType;
import dev.mailgate.system.DbTime;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Announces each warning step of each expiring client secret or certificate once: an event in the
 * log and {@link ProviderCredentialExpiring} for the webhooks, in the transaction that notes the
 * step in {@code provider_expiry_warning}. The note's primary key makes a second node (or a second
 * run) skip a step already announced; a step passed while Mailgate was down is announced as the
 * step now reached, not each one missed.
 */
@Component
class ExpiryWarnings {

  private final CredentialExpiries expiries;
  private final JdbcClient jdbc;
  private final EventLog events;
  private final ApplicationEventPublisher publisher;
  private final TransactionTemplate transaction;
  private final Clock clock;

  ExpiryWarnings(
      CredentialExpiries expiries,
      JdbcClient jdbc,
      EventLog events,
      ApplicationEventPublisher publisher,
      PlatformTransactionManager transactions,
      Clock clock) {
    this.expiries = expiries;
    this.jdbc = jdbc;
    this.events = events;
    this.publisher = publisher;
    this.transaction = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  /**
   * @return how many warnings were announced in this run
   */
  int run() {
    int announced = 0;
    for (CredentialExpiry expiry : expiries.warnings()) {
      Boolean fresh;
      try {
        fresh = transaction.execute(status -> announce(expiry));
      } catch (DuplicateKeyException e) {
        fresh = false; // another node noted the same step at the same moment
      }
      if (Boolean.TRUE.equals(fresh)) {
        announced++;
      }
    }
    return announced;
  }

  private boolean announce(CredentialExpiry expiry) {
    int noted =
        jdbc.sql(
                """
                insert into provider_expiry_warning
                  (provider_id, kind, expires_at, threshold, warned_at)
                select :provider, :kind, :expiresAt, :threshold, :now
                where not exists (select 1 from provider_expiry_warning
                  where provider_id = :provider and kind = :kind and expires_at = :expiresAt
                    and threshold = :threshold)
                """)
            .param("provider", expiry.providerId())
            .param("kind", expiry.kind().name())
            .param("expiresAt", DbTime.of(expiry.expiresAt()))
            .param("threshold", expiry.threshold())
            .param("now", DbTime.of(clock.instant()))
            .update();
    if (noted == 0) {
      return false;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("provider", expiry.providerId().toString());
    details.put("kind", expiry.kind().name());
    details.put("expiresAt", expiry.expiresAt().toString());
    details.put("daysLeft", expiry.daysLeft());
    details.put("threshold", expiry.threshold());
    events.record(
        EventType.PROVIDER_CREDENTIAL_EXPIRING,
        null,
        null,
        expiry.summary() + " " + expiry.action(),
        details);
    publisher.publishEvent(new ProviderCredentialExpiring(expiry));
    return true;
  }
}
