package dev.mailgate.outbound;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Rows left in {@code SENDING} by a run of Mailgate that is gone are dealt with by the configured
 * policy (ADR 0009, 0011): by default they become {@code OUTCOME_UNKNOWN}, held for the admin,
 * since the server may have accepted them; with {@code resend} they are queued again at once,
 * keeping their Message-ID. Gone means (ADR 0018): this node's previous run (looked for at startup,
 * after {@link NodeHeartbeat} has replaced it and before the senders start), a run without a
 * heartbeat for {@code node-timeout} (looked for at startup and by the outbox sweep), or a claim
 * from before claims named their run. Rows of live runs of other nodes are left to them.
 */
@Component
class UnknownOutcomes implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(UnknownOutcomes.class);

  static final String STOPPED = "Mailgate stopped during the SMTP conversation";
  static final String RESENT = STOPPED + "; sent again with the same Message-ID (policy resend)";

  private final OutboxTransitions transitions;
  private final NodeHeartbeat heartbeat;
  private final OutboundProperties properties;
  private final Clock clock;

  UnknownOutcomes(
      OutboxTransitions transitions,
      NodeHeartbeat heartbeat,
      OutboundProperties properties,
      Clock clock) {
    this.transitions = transitions;
    this.heartbeat = heartbeat;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  public void afterPropertiesSet() {
    settleAbandoned();
  }

  /** Settles every abandoned row; returns how many this call settled. */
  int settleAbandoned() {
    List<OutboxTransitions.AbandonedClaim> abandoned =
        transitions.abandoned(heartbeat.aliveSince());
    if (abandoned.isEmpty()) {
      return 0;
    }
    boolean resend = properties.unknownOutcome() == OutboundProperties.UnknownOutcomePolicy.RESEND;
    int settled = 0;
    for (OutboxTransitions.AbandonedClaim claim : abandoned) {
      if (transitions.settleAbandoned(
          claim,
          resend ? OutboxState.SEND_READY : OutboxState.OUTCOME_UNKNOWN,
          resend ? RESENT : STOPPED,
          clock.instant())) {
        settled++;
      }
    }
    if (settled > 0) {
      log.warn(
          "{} outbound messages were being sent by a Mailgate run that stopped ({}); {}",
          settled,
          abandoned.stream().map(c -> String.valueOf(c.claimedBy())).distinct().toList(),
          resend
              ? "sending them again with the same Message-ID"
              : "held as outcome unknown for the admin");
    }
    return settled;
  }
}
