package dev.mailgate.credential;

/**
 * What an operation with an access token came to: accepted, or rejected by the server with its
 * reply (which, unlike the token, may be shown and stored).
 *
 * @param result what the operation produced either way (e.g. a connection test report)
 * @param rejection the server's reply when it refused the token, else null
 */
public record TokenAttempt<T>(T result, String rejection) {

  public static <T> TokenAttempt<T> accepted(T result) {
    return new TokenAttempt<>(result, null);
  }

  public static <T> TokenAttempt<T> rejected(T result, String serverReply) {
    return new TokenAttempt<>(result, serverReply == null ? "(no reply)" : serverReply);
  }

  public boolean wasRejected() {
    return rejection != null;
  }
}
