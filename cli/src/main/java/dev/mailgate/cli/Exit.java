package dev.mailgate.cli;

/**
 * The exit codes of {@code mailgate}, for scripts: each says what to do next without parsing the
 * message (which goes to stderr).
 */
final class Exit {

  /** Done. */
  static final int OK = 0;

  /** Mailgate refused the request (400, 409, ...): the message names the field and why. */
  static final int REFUSED = 1;

  /** Wrong use of the command (picocli's own code for usage errors). */
  static final int USAGE = 2;

  /** No API token, or one Mailgate does not accept or that may not do this (401, 403). */
  static final int NOT_AUTHORIZED = 3;

  /** No such provider, account, message, ... (404). */
  static final int NOT_FOUND = 4;

  /** Mailgate could not be reached or failed (connection refused, timeout, 5xx). */
  static final int UNAVAILABLE = 5;

  /** The request worked and its answer is "not healthy": diagnostics, a failed connection test. */
  static final int UNHEALTHY = 6;

  private Exit() {}
}
