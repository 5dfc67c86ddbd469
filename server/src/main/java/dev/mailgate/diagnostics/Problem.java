package dev.mailgate.diagnostics;

import dev.mailgate.mail.explain.Explanation;
import java.time.Instant;

/**
 * Something that keeps an account from working, in the words of whoever said it and, where the
 * explanations table knows them, decoded into what it means and what to do.
 *
 * @param reply the provider's or server's own words (or Mailgate's, for a state such as "not
 *     authorized")
 * @param at when it was last seen; null when not recorded
 * @param explanation null when the reply is not a known one; never null for a mail server's refusal
 *     of the sign-in, which is always classified (ADR 0020)
 */
public record Problem(Source source, String reply, Instant at, Explanation explanation) {

  /** Where the problem shows, most severe first. */
  public enum Source {
    /** The account cannot sign in until an admin acts (authorize, set a password). */
    ACCOUNT,
    /** The provider no longer accepts the authorization. */
    AUTHORIZATION,
    /** The token refresh fails for a reason that may pass. */
    TOKEN_REFRESH,
    /** The inbound reader fails. */
    READER,
    /** The sender's latest attempt failed. */
    SENDER,
    /**
     * The account's mail server refuses its sign-in (a fresh token too, or in a way no token
     * changes): this account only; the authorization it may share stays good. Listed on its own
     * only where the reader's or sender's error does not already say it.
     */
    SIGN_IN
  }
}
