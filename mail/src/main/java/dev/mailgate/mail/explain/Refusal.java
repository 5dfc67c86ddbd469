package dev.mailgate.mail.explain;

/**
 * A mail server's (or the network's) answer to a sign-in, sorted by what it means for the account
 * and what may help. The sender, the readers and Test connection all classify through {@link
 * Refusals}, so one reply leads to the same consequence and the same advice wherever it is met.
 *
 * @param kind what sort of refusal it is
 * @param reply the server's own words (or what went wrong on the network); never a secret
 * @param explanation what it means and what to do; never null
 */
public record Refusal(Kind kind, String reply, Explanation explanation) {

  /** The four sorts of refusal, each with its own consequence. */
  public enum Kind {
    /**
     * The server refused the token (or password) itself: {@code 535 5.7.8}, IMAP {@code NO
     * [AUTHENTICATIONFAILED]}, POP3 {@code -ERR [AUTH]}, an XOAUTH2 error challenge with status
     * 401. A new token may help: it is refreshed once and tried once more.
     */
    TOKEN_REFUSED,
    /**
     * The server did not take the way Mailgate spoke: a {@code 5.5.x} reply such as {@code 500
     * 5.5.2 Line too long}, a mechanism it does not offer. A new token cannot help.
     */
    MECHANISM_OR_PROTOCOL,
    /**
     * The mailbox or tenant does not allow this sign-in: Exchange Online's {@code 535 5.7.139}
     * (SMTP AUTH disabled), {@code 5.7.3}, Gmail's {@code 534 5.7.9}, an app-only token without
     * permission on the mailbox. An admin of the mail service acts; a new authorization cannot
     * help.
     */
    ACCOUNT_POLICY,
    /** A {@code 4xx} reply, a network or TLS failure: it may pass by itself, tried again later. */
    SERVER_TROUBLE,
    /**
     * The mailbox is over its provider's sending limit: Exchange Online's {@code 554 5.2.0 ...
     * SubmissionQuotaExceededException}, Gmail's {@code 550 5.4.5 Daily user sending limit
     * exceeded} and {@code 421 4.7.0 Try again later}. Neither a new token nor a retry soon helps:
     * the mail waits until the limit's window reopens, and is never failed for it.
     */
    OVER_THE_LIMIT
  }

  /**
   * Whether a new token may change the answer, so one refresh and one retry are worth it. Exchange
   * Online answers {@code 535 5.7.3 Authentication unsuccessful} both to an expired token and to a
   * mailbox that may not sign in this way, so that reply earns its one retry too.
   */
  public boolean newTokenMayHelp() {
    return kind == Kind.TOKEN_REFUSED
        || (kind == Kind.ACCOUNT_POLICY && reply != null && reply.contains("5.7.3 "));
  }
}
