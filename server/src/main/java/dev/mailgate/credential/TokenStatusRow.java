package dev.mailgate.credential;

import dev.mailgate.system.Times;
import java.time.Duration;
import java.time.Instant;

/** A row of the token status page: the status and its times in words relative to now. */
record TokenStatusRow(CredentialStatus status, String expiresIn, String refreshTokenAge) {

  static TokenStatusRow of(CredentialStatus status, Instant now) {
    Instant expires = status.accessTokenExpiresAt();
    String expiresIn =
        expires == null
            ? "no expiry given"
            : expires.isAfter(now)
                ? "in " + words(Duration.between(now, expires))
                : "expired " + words(Duration.between(expires, now)) + " ago";
    String age =
        !status.hasRefreshToken()
            ? "none"
            : status.refreshTokenIssuedAt() == null
                ? "present"
                : "present, "
                    + words(Duration.between(status.refreshTokenIssuedAt(), now))
                    + " old";
    return new TokenStatusRow(status, expiresIn, age);
  }

  private static String words(Duration duration) {
    return Times.duration(duration);
  }
}
