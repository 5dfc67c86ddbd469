package dev.mailgate.inbound;

import dev.mailgate.system.InvalidInputException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How inbound mailboxes are read.
 *
 * @param pollInterval how often an IMAP or POP3 account that is not watched with IDLE is read.
 *     Default {@value #DEFAULT_POLL_INTERVAL}; env {@code MAILGATE_INBOUND_POLL_INTERVAL}.
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
 * @param idle whether IMAP accounts are watched with IDLE (new mail read at once) rather than
 *     polled, unless the account says otherwise or its server lacks IDLE. Default {@value
 *     #DEFAULT_IDLE}; env {@code MAILGATE_INBOUND_IDLE}.
 * @param idleRenew how often an IDLE is ended, the connection checked with a NOOP and IDLE started
 *     again: well inside the 29 minutes of RFC 2177, and the longest a silently dead connection
 *     goes unnoticed (plus the 30 s socket timeout). Default {@value #DEFAULT_IDLE_RENEW}; env
 *     {@code MAILGATE_INBOUND_IDLE_RENEW}.
 * @param leaseDuration how long a node's claim on an account lasts unless renewed; a dead node's
 *     accounts are taken over by another within this. Default {@value #DEFAULT_LEASE_DURATION}; env
 *     {@code MAILGATE_INBOUND_LEASE_DURATION}.
 * @param claimInterval how often each node claims accounts, renews its leases, starts and checks
 *     IDLE watches and polls what is due (at most a third of the lease duration). Default {@value
 *     #DEFAULT_CLAIM_INTERVAL}; env {@code MAILGATE_INBOUND_CLAIM_INTERVAL}.
 * @param readerThreads how many accounts one node reads at the same time. Default {@value
 *     #DEFAULT_READER_THREADS}; env {@code MAILGATE_INBOUND_READER_THREADS}.
 * @param fetchChunkMessages at most this many IMAP messages are fetched with one command, stored in
 *     one transaction and given the post-fetch action with one command. Default {@value
 *     #DEFAULT_FETCH_CHUNK_MESSAGES}; env {@code MAILGATE_INBOUND_FETCH_CHUNK_MESSAGES}.
 * @param fetchChunkBytes a chunk holds at most this many bytes (by the sizes the server lists), as
 *     it is held in memory whole; a larger message is fetched alone, streamed in parts. Default
 *     {@value #DEFAULT_FETCH_CHUNK_BYTES}; env {@code MAILGATE_INBOUND_FETCH_CHUNK_BYTES}.
 * @param graphPollInterval how often a Microsoft Graph folder's delta round is made when Graph does
 *     not notify this server of new mail (its public base URL is not https). Default {@value
 *     #DEFAULT_GRAPH_POLL_INTERVAL}; env {@code MAILGATE_INBOUND_GRAPH_POLL_INTERVAL}.
 */
@ConfigurationProperties("mailgate.inbound")
public record InboundProperties(
    @DefaultValue(DEFAULT_POLL_INTERVAL) Duration pollInterval,
    @DefaultValue(DEFAULT_FOLDER) String folder,
    @DefaultValue(DEFAULT_POST_FETCH_ACTION) PostFetch postFetchAction,
    @DefaultValue(DEFAULT_MOVE_FOLDER) String moveFolder,
    @DefaultValue(DEFAULT_BACKOFF_INITIAL) Duration backoffInitial,
    @DefaultValue(DEFAULT_BACKOFF_MAX) Duration backoffMax,
    @DefaultValue(DEFAULT_IDLE) boolean idle,
    @DefaultValue(DEFAULT_IDLE_RENEW) Duration idleRenew,
    @DefaultValue(DEFAULT_LEASE_DURATION) Duration leaseDuration,
    @DefaultValue(DEFAULT_CLAIM_INTERVAL) Duration claimInterval,
    @DefaultValue(DEFAULT_READER_THREADS) int readerThreads,
    @DefaultValue(DEFAULT_FETCH_CHUNK_MESSAGES) int fetchChunkMessages,
    @DefaultValue(DEFAULT_FETCH_CHUNK_BYTES) DataSize fetchChunkBytes,
    @DefaultValue(DEFAULT_GRAPH_POLL_INTERVAL) Duration graphPollInterval) {

  public static final String DEFAULT_POLL_INTERVAL = "1m";
  public static final String DEFAULT_FOLDER = "INBOX";
  public static final String DEFAULT_POST_FETCH_ACTION = "MARK_SEEN";
  public static final String DEFAULT_MOVE_FOLDER = "Processed";
  public static final String DEFAULT_BACKOFF_INITIAL = "1m";
  public static final String DEFAULT_BACKOFF_MAX = "30m";
  public static final String DEFAULT_IDLE = "true";
  public static final String DEFAULT_IDLE_RENEW = "5m";
  public static final String DEFAULT_LEASE_DURATION = "1m";
  public static final String DEFAULT_CLAIM_INTERVAL = "15s";
  public static final String DEFAULT_READER_THREADS = "4";
  public static final String DEFAULT_FETCH_CHUNK_MESSAGES = "500";
  public static final String DEFAULT_FETCH_CHUNK_BYTES = "8MB";
  public static final String DEFAULT_GRAPH_POLL_INTERVAL = "30s";

  /** RFC 2177: a server may end an IDLE after 30 minutes; clients re-issue it before 29. */
  private static final Duration IDLE_LIMIT = Duration.ofMinutes(29);

  public InboundProperties {
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new InvalidInputException(
          "mailgate.inbound.poll-interval", "mailgate.inbound.poll-interval must be positive.");
    }
    if (graphPollInterval.isNegative() || graphPollInterval.isZero()) {
      throw new InvalidInputException(
          "mailgate.inbound.graph-poll-interval",
          "mailgate.inbound.graph-poll-interval must be positive, e.g. 30s.");
    }
    if (backoffInitial.isNegative()
        || backoffInitial.isZero()
        || backoffMax.compareTo(backoffInitial) < 0) {
      throw new InvalidInputException(
          "mailgate.inbound.backoff-max",
          "mailgate.inbound.backoff-initial must be positive and backoff-max at least as long.");
    }
    if (idleRenew.isNegative() || idleRenew.isZero() || idleRenew.compareTo(IDLE_LIMIT) >= 0) {
      throw new InvalidInputException(
          "mailgate.inbound.idle-renew",
          "mailgate.inbound.idle-renew must be positive and under 29 minutes (RFC 2177).");
    }
    if (claimInterval.isNegative()
        || claimInterval.isZero()
        || claimInterval.multipliedBy(3).compareTo(leaseDuration) > 0) {
      throw new InvalidInputException(
          "mailgate.inbound.claim-interval",
          "mailgate.inbound.claim-interval must be positive and at most a third of"
              + " mailgate.inbound.lease-duration, so a lease is renewed before it expires.");
    }
    if (readerThreads < 1) {
      throw new InvalidInputException(
          "mailgate.inbound.reader-threads", "mailgate.inbound.reader-threads must be at least 1.");
    }
    if (fetchChunkMessages < 1) {
      throw new InvalidInputException(
          "mailgate.inbound.fetch-chunk-messages",
          "mailgate.inbound.fetch-chunk-messages must be at least 1 (1 fetches and stores each"
              + " message on its own).");
    }
    if (fetchChunkBytes.toBytes() < 1) {
      throw new InvalidInputException(
          "mailgate.inbound.fetch-chunk-bytes",
          "mailgate.inbound.fetch-chunk-bytes must be positive, e.g. 8MB.");
    }
  }
}
