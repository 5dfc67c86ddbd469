package dev.mailgate.sandbox.dovecot;

/**
 * What a benchmark asks of a test Dovecot beyond the stock test set-up: room for many connections
 * at once, and sign-in with a password for mailboxes too many to authorize one by one.
 *
 * @param connections how many IMAP connections Dovecot must hold at the same time; 0 keeps
 *     Dovecot's defaults (about 100 per service), which is what the tests run with
 * @param password the password every mailbox also accepts (PLAIN and LOGIN, over TLS or from
 *     loopback), or null for token sign-in only
 */
public record DovecotTuning(int connections, String password) {

  /** The stock test set-up: Dovecot's limits, tokens only. */
  public static final DovecotTuning NONE = new DovecotTuning(0, null);

  /** IMAP clients one imap process serves (Dovecot's default is 1: a process per connection). */
  static final int CLIENTS_PER_IMAP_PROCESS = 100;

  /** Connections one login process proxies (TLS ends there) in high-performance mode. */
  static final int CLIENTS_PER_LOGIN_PROCESS = 1_000;

  public DovecotTuning {
    if (connections < 0) {
      throw new IllegalArgumentException("connections must be 0 or more, not " + connections);
    }
  }

  /** Room for this many connections at once, with the same sign-in as now. */
  public DovecotTuning forConnections(int count) {
    return new DovecotTuning(count, password);
  }

  /** Every mailbox also accepts this password. */
  public DovecotTuning withPassword(String secret) {
    return new DovecotTuning(connections, secret);
  }

  boolean tuned() {
    return connections > 0;
  }

  int imapProcesses() {
    return ceilDiv(connections, CLIENTS_PER_IMAP_PROCESS) + 10;
  }

  int loginProcesses() {
    return ceilDiv(connections, CLIENTS_PER_LOGIN_PROCESS) + 2;
  }

  /**
   * Connections to Dovecot's own services (anvil, auth, stats, log) under full load: one or more
   * per imap and login process, plus the pop3, submission and lmtp services at their default limits
   * (100 processes each), with room to spare.
   */
  int internalClients() {
    return 2 * (imapProcesses() + loginProcesses()) + 1_000;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
