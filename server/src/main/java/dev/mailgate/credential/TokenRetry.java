package dev.mailgate.credential;

import java.util.function.Function;

/**
 * The rule for a token a server refuses although it was believed valid (as Thunderbird does it):
 * invalidate it, which forces exactly one refresh, and retry exactly once; a second refusal is
 * final and handed to the token's source with the server's reply.
 */
final class TokenRetry {

  /** Where the tokens come from: a delegated credential or the app-only cache. */
  interface TokenSource {
    AccessToken current();

    /** A token at least as new as one replacing {@code rejected}. */
    AccessToken replace(String rejected, String serverReply);

    /** The fresh token was refused too. */
    void refusedAgain(String serverReply);
  }

  private TokenRetry() {}

  static <T> TokenAttempt<T> run(
      TokenSource source, Function<AccessToken, TokenAttempt<T>> operation) {
    AccessToken token = source.current();
    TokenAttempt<T> first = operation.apply(token);
    if (!first.wasRejected()) {
      return first;
    }
    AccessToken fresh = source.replace(token.value(), first.rejection());
    TokenAttempt<T> second = operation.apply(fresh);
    if (second.wasRejected()) {
      source.refusedAgain(second.rejection());
    }
    return second;
  }
}
