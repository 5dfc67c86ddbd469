package dev.mailgate.inbound;

import dev.mailgate.system.InvalidInputException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How inbound mailboxes are read.
 *
 * @param pollInterval how often the poll job reads every active IMAP and POP3 account (on one node
 *     of a cluster). Default {@value #DEFAULT_POLL_INTERVAL}; env {@code
 *     MAILGATE_INBOUND_POLL_INTERVAL}.
 * @param folder the IMAP folder read. Default {@value #DEFAULT_FOLDER}; env {@code
 *     MAILGATE_INBOUND_FOLDER}.
 * @param postFetchAction what is done to a message on the server after it is stored, unless the
 *     account says otherwise: MARK_SEEN, MOVE, DELETE or LEAVE (POP3 only deletes). Default {@value
 *     #DEFAULT_POST_FETCH_ACTION}; env {@code MAILGATE_INBOUND_POST_FETCH_ACTION}.
 * @param moveFolder the folder MOVE puts messages into. Default {@value #DEFAULT_MOVE_FOLDER}; env
 *     {@code MAILGATE_INBOUND_MOVE_FOLDER}.
 * @param backoffInitial how long a reader waits after a first failure; it doubles with each further
 *     one. Default {@value #DEFAULT_BACKOFF_INITIAL}; env {@code MAILGATE_INBOUND_BACKOFF_INITIAL}.
 * @param backoffMax the longest wait between two attempts of a failing reader. Default {@value
 *     #DEFAULT_BACKOFF_MAX}; env {@code MAILGATE_INBOUND_BACKOFF_MAX}.
 */
@ConfigurationProperties("mailgate.inbound")
public record InboundProperties(
    @DefaultValue(DEFAULT_POLL_INTERVAL) Duration pollInterval,
    @DefaultValue(DEFAULT_FOLDER) String folder,
    @DefaultValue(DEFAULT_POST_FETCH_ACTION) PostFetch postFetchAction,
    @DefaultValue(DEFAULT_MOVE_FOLDER) String moveFolder,
    @DefaultValue(DEFAULT_BACKOFF_INITIAL) Duration backoffInitial,
    @DefaultValue(DEFAULT_BACKOFF_MAX) Duration backoffMax) {

  public static final String DEFAULT_POLL_INTERVAL = "1m";
  public static final String DEFAULT_FOLDER = "INBOX";
  public static final String DEFAULT_POST_FETCH_ACTION = "MARK_SEEN";
  public static final String DEFAULT_MOVE_FOLDER = "Processed";
  public static final String DEFAULT_BACKOFF_INITIAL = "1m";
  public static final String DEFAULT_BACKOFF_MAX = "30m";

  public InboundProperties {
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new InvalidInputException(
          "mailgate.inbound.poll-interval", "mailgate.inbound.poll-interval must be positive.");
    }
    if (backoffInitial.isNegative()
        || backoffInitial.isZero()
        || backoffMax.compareTo(backoffInitial) < 0) {
      throw new InvalidInputException(
          "mailgate.inbound.backoff-max",
          "mailgate.inbound.backoff-initial must be positive and backoff-max at least as long.");
    }
  }
}
