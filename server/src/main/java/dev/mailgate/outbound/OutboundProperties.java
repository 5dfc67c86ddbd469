package dev.mailgate.outbound;

import dev.mailgate.system.InvalidInputException;
import dev.mailgate.system.RetrySchedule;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on mail applications hand Mailgate to send, and how it is sent.
 *
 * @param maxMessageSize a submitted message larger than this, as written in MIME (attachments
 *     base64-encoded), is refused. Default 25MB, the limit most providers apply; env {@code
 *     MAILGATE_OUTBOUND_MAX_MESSAGE_SIZE}.
 * @param retryDelays the waits before the 1st, 2nd, ... retry after a 4xx reply or a network error;
 *     the last one repeats. Default 1m, 5m, 15m, 30m, 1h.
 * @param giveUpAfter a message not delivered this long after submission fails. Default 2d.
 * @param sweepInterval how often due retries and held mail are looked for. Default 30s.
 * @param holdRecheck how long mail of an account that cannot sign in waits before it is tried
 *     again. Default 5m.
 * @param smtpTimeout connect, read and write timeout of an SMTP conversation. Default 60s.
 * @param batchSize at most this many due messages of one account go out over one SMTP connection
 *     before it is closed; the next ones open a new one. Default 100.
 * @param maxBatch at most this many messages in one bulk submission ({@code POST
 *     /api/v1/messages/batch}). Default 500.
 * @param connectionsPerAccount at most this many SMTP connections of one account send at once (from
 *     one node); more than one opens only while a backlog waits. Default 3, what Exchange Online
 *     allows a mailbox.
 * @param connectionLinger how long an account's SMTP connection stays open after its last due
 *     message, for mail queued in the meantime. Default 2s.
 * @param unknownOutcome what becomes of a message Mailgate was sending when it stopped (ADR 0011):
 *     {@code hold} keeps it as {@code OUTCOME_UNKNOWN} for the admin to retry or cancel; {@code
 *     resend} sends it again at once with the same Message-ID. Default hold.
 * @param nodeTimeout a node whose heartbeat is older than this is taken for dead, and the messages
 *     it was sending are dealt with as {@code unknown-outcome} says (ADR 0018); each node renews
 *     its heartbeat every third of it. At least {@value #MIN_NODE_TIMEOUT_SECONDS}s. Default 1m.
 * @param maxRecipients at most this many recipients (to, cc and bcc, or the envelope) in one
 *     message. Default 100, the least RFC 5321 section 4.5.3.1.8 asks servers to accept.
 * @param maxAddressLength the longest address. Default 254 (RFC 5321's 256-octet path).
 * @param maxLocalPartLength the longest part before the @. Default 64 (RFC 5321 section 4.5.3.1.1).
 * @param maxScheduleAhead a submission's {@code sendAt} may be at most this far ahead. Default
 *     366d.
 * @param scheduleCheckInterval how often each node looks for scheduled mail whose time has come, so
 *     it goes out within about this long of its time. Default 1s.
 */
@ConfigurationProperties("mailgate.outbound")
public record OutboundProperties(
    @DefaultValue("25MB") DataSize maxMessageSize,
    @DefaultValue({"1m", "5m", "15m", "30m", "1h"}) List<Duration> retryDelays,
    @DefaultValue("2d") Duration giveUpAfter,
    @DefaultValue("30s") Duration sweepInterval,
    @DefaultValue("5m") Duration holdRecheck,
    @DefaultValue("60s") Duration smtpTimeout,
    @DefaultValue("100") int batchSize,
    @DefaultValue("500") int maxBatch,
    @DefaultValue("3") int connectionsPerAccount,
    @DefaultValue("2s") Duration connectionLinger,
    @DefaultValue("hold") UnknownOutcomePolicy unknownOutcome,
    @DefaultValue("1m") Duration nodeTimeout,
    @DefaultValue("100") int maxRecipients,
    @DefaultValue("254") int maxAddressLength,
    @DefaultValue("64") int maxLocalPartLength,
    @DefaultValue("366d") Duration maxScheduleAhead,
    @DefaultValue("1s") Duration scheduleCheckInterval) {

  static final int MIN_NODE_TIMEOUT_SECONDS = 3;

  public OutboundProperties {
    if (nodeTimeout.compareTo(Duration.ofSeconds(MIN_NODE_TIMEOUT_SECONDS)) < 0) {
      throw new InvalidInputException(
          "mailgate.outbound.node-timeout",
          "mailgate.outbound.node-timeout must be at least "
              + MIN_NODE_TIMEOUT_SECONDS
              + "s (a node renews its heartbeat every third of it), and well above the clock"
              + " difference between nodes; e.g. 1m.");
    }
  }

  /** See {@link OutboundProperties#unknownOutcome}. */
  public enum UnknownOutcomePolicy {
    HOLD,
    RESEND
  }

  RetrySchedule retrySchedule() {
    return new RetrySchedule(retryDelays, giveUpAfter);
  }
}
