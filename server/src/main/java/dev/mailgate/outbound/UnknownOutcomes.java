package dev.mailgate.outbound;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * At startup, before the scheduler runs anything, rows a previous run left in {@code SENDING} are
 * dealt with by the configured policy (ADR 0009, 0011): by default they become {@code
 * OUTCOME_UNKNOWN}, held for the admin, since the server may have accepted them; with {@code
 * resend} they are queued again at once, keeping their Message-ID.
 */
@Component
class UnknownOutcomes implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(UnknownOutcomes.class);

  private final OutboxTransitions transitions;
  private final OutboundProperties properties;
  private final Clock clock;

  UnknownOutcomes(OutboxTransitions transitions, OutboundProperties properties, Clock clock) {
    this.transitions = transitions;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void afterPropertiesSet() {
    if (properties.unknownOutcome() == OutboundProperties.UnknownOutcomePolicy.RESEND) {
      int resent =
          transitions.markSendingAs(
              OutboxState.SEND_READY,
              "Mailgate stopped during the SMTP conversation; sent again with the same Message-ID"
                  + " (policy resend)",
              clock.instant());
      if (resent > 0) {
        log.warn(
            "{} outbound messages were being sent when Mailgate stopped; sending them again"
                + " with the same Message-ID",
            resent);
      }
      return;
    }
    int held =
        transitions.markSendingAs(
            OutboxState.OUTCOME_UNKNOWN,
            "Mailgate stopped during the SMTP conversation",
            clock.instant());
    if (held > 0) {
      log.warn(
          "{} outbound messages were being sent when Mailgate stopped; held as outcome"
              + " unknown for the admin",
          held);
    }
  }
}
