package dev.mailgate.testing;

/**
 * A step of Mailgate's pipelines where a crash test kills the process: a method of a Mailgate bean
 * (named here, since most are package-private) and whether the crash comes before it runs or right
 * after it returned. {@link CrashPoints} stops the child process there; {@link MailgateProcess}
 * kills it with SIGKILL the moment it says so.
 */
public enum CrashPoint {

  /**
   * Inbound: a chunk of messages was fetched from the server (and parsed), nothing of it is stored
   * yet. The IMAP reader stores a chunk with one call ({@code storeInbound(InboundBatch)}); a
   * single message ({@code storeInbound(account, key, raw)}) counts as a passage too.
   */
  AFTER_FETCH("dev.mailgate.message.MessageStore", "storeInbound", When.BEFORE),

  /**
   * Inbound: the chunk (or message) is stored (the store's transaction committed), the post-fetch
   * action is not applied yet.
   */
  AFTER_STORE("dev.mailgate.message.MessageStore", "storeInbound", When.AFTER),

  /**
   * Inbound IMAP: the post-fetch action is applied to a chunk, the folder cursor not yet moved past
   * it.
   */
  AFTER_POST_FETCH("dev.mailgate.inbound.JdbcCheckpoints", "save", When.BEFORE),

  /**
   * Outbound: the row is claimed ({@code SENDING}, committed); this message's SMTP transaction has
   * not begun. The crash line carries the entry as read before its claim, so it names the message
   * and its recipient. (The sender takes a small message's bytes from its read-ahead, so reading
   * them is no longer a step of every message.)
   */
  BEFORE_SMTP("dev.mailgate.outbound.OutboxTransitions", "claim", When.AFTER),

  /**
   * Outbound: the server accepted the message (after the final dot), {@code SENT} not recorded yet;
   * the crash line carries the recipients' results, so it names the recipient.
   */
  AFTER_SMTP("dev.mailgate.outbound.OutboxTransitions", "sent", When.BEFORE);

  /** Whether the crash comes before the method runs or after it returned. */
  enum When {
    BEFORE,
    AFTER
  }

  /** The system property of the child that arms a crash point: {@code AFTER_STORE:17}. */
  static final String PROPERTY = "mailgate.test.crash-point";

  /** The line prefix the child prints when it stops at a crash point. */
  static final String MARKER = "CRASHPOINT ";

  final String className;
  final String method;
  final When when;

  CrashPoint(String className, String method, When when) {
    this.className = className;
    this.method = method;
    this.when = when;
  }

  /** This point, armed to stop at its {@code call}-th passage (from 1) in one process run. */
  public Armed at(int call) {
    return new Armed(this, call);
  }

  /** A crash point and the passage at which the process stops. */
  public record Armed(CrashPoint point, int call) {

    String property() {
      return point.name() + ":" + call;
    }

    static Armed parse(String value) {
      String[] parts = value.split(":");
      return new Armed(CrashPoint.valueOf(parts[0]), Integer.parseInt(parts[1]));
    }
  }
}
