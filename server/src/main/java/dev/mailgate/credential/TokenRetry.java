package dev.mailgate.credential;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The rule for a token a server refuses although it was believed valid (as Thunderbird does it):
 * invalidate it, which forces exactly one refresh, and retry exactly once; a second refusal is
 * final and returned with the server's reply. Only a refusal that a new token may change earns the
 * retry: refreshing cannot help a server that refuses the mechanism or the mailbox's policy, and
 * would only spend a call to the token endpoint. The rule marks nothing: only the token endpoint's
 * verdict marks a credential (ADR 0020).
 */
public final class TokenRetry {

  private TokenRetry() {}

  /**
   * Runs {@code operation} with the source's current token and, if the server refuses it in a way
   * {@code newTokenMayHelp} accepts, once more with a replacement. Returns the last attempt.
   */
  public static <T> TokenAttempt<T> run(
      TokenSource source,
      Function<AccessToken, TokenAttempt<T>> operation,
      Predicate<String> newTokenMayHelp) {
    AccessToken token = source.current();
    TokenAttempt<T> first = operation.apply(token);
    if (!first.wasRejected() || !newTokenMayHelp.test(first.rejection())) {
      return first;
    }
    AccessToken fresh = source.replace(token.value(), first.rejection());
    return operation.apply(fresh);
  }
}
