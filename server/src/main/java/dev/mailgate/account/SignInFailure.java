package dev.mailgate.account;

import dev.mailgate.mail.explain.Explanation;
import dev.mailgate.mail.explain.Refusal;
import java.time.Instant;
import java.util.UUID;

/**
 * An account whose mail server refuses its sign-in (ADR 0020): it marks this account only, never
 * the credential other accounts may share.
 *
 * @param kind how the refusal was classified
 * @param reply the server's own words
 * @param explanation what it means and what to do; never null
 * @param failures sign-ins refused in a row
 * @param firstFailedAt when the streak began
 * @param lastFailedAt the latest refusal
 * @param retryAt when the account's reader or sender signs in again (the back-off)
 */
public record SignInFailure(
    UUID accountId,
    Refusal.Kind kind,
    String reply,
    Explanation explanation,
    int failures,
    Instant firstFailedAt,
    Instant lastFailedAt,
    Instant retryAt) {}
