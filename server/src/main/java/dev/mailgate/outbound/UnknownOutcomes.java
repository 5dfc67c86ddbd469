package dev.mailgate.outbound;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * At startup, before the scheduler runs anything, rows a previous run left in {@code SENDING}
 * become {@code OUTCOME_UNKNOWN}: the server may have accepted them, so they are held for the admin
 * instead of being sent again (ADR 0009).
 */
@Component
class UnknownOutcomes implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(UnknownOutcomes.class);

  private final OutboxTransitions transitions;
  private final Clock clock;

  UnknownOutcomes(OutboxTransitions transitions, Clock clock) {
    this.transitions = transitions;
    this.clock = clock;
  }

  @Override
  public void afterPropertiesSet() {
    int held = transitions.markSendingAsUnknown(clock.instant());
    if (held > 0) {
      log.warn(
          "{} outbound messages were being sent when Mailgate stopped; held as outcome"
              + " unknown for the admin",
          held);
    }
  }
}
