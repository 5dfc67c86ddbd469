package dev.mailgate.credential;

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

  /** "3 d 4 h", "12 min", "40 s": the two largest units. */
  static String words(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    if (days > 0) {
      return days + " d " + hours + " h";
    }
    if (hours > 0) {
      return hours + " h " + minutes + " min";
    }
    if (minutes > 0) {
      return minutes + " min";
    }
    return seconds % 60 + " s";
  }
}
