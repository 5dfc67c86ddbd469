package dev.mailgate.credential;

import dev.mailgate.oauth.ExpiryDates;

/** The times of {@link TokenContents} in words for the credential page (no raw ISO instants). */
record TokenContentTimes(String issuedAt, String expiresAt, String refreshTokenIssuedAt) {

  static TokenContentTimes of(TokenContents contents) {
    return new TokenContentTimes(
        contents.claims() == null ? null : words(ExpiryDates.words(contents.claims().issuedAt())),
        contents.claims() == null ? null : words(ExpiryDates.words(contents.claims().expiresAt())),
        words(ExpiryDates.words(contents.refreshTokenIssuedAt())));
  }

  private static String words(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
