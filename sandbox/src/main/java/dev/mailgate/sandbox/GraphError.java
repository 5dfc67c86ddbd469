package dev.mailgate.sandbox;

import java.time.Duration;

/**
 * An error answer of the Graph stand-in, as Graph writes it: the HTTP status and the body {@code
 * {"error":{"code":...,"message":...}}}, and for throttling the {@code Retry-After} seconds. Thrown
 * by a request's handler, written by {@link GraphRoutes}.
 */
final class GraphError extends SandboxException {

  private final int status;
  private final String code;
  private final Duration retryAfter;
  private final String retryAfterValue;

  GraphError(int status, String code, String message) {
    this(status, code, message, null);
  }

  GraphError(int status, String code, String message, Duration retryAfter) {
    this(status, code, message, retryAfter, null);
  }

  /**
   * @param retryAfterValue the {@code Retry-After} header as written (e.g. an HTTP date), null for
   *     whole seconds of {@code retryAfter}
   */
  GraphError(int status, String code, String message, Duration retryAfter, String retryAfterValue) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
    this.retryAfterValue = retryAfterValue;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  /** Seconds to wait, or null when the answer has no {@code Retry-After}. */
  Duration retryAfter() {
    return retryAfter;
  }

  /** The {@code Retry-After} header's value, or null for none. */
  String retryAfterHeader() {
    if (retryAfterValue != null) {
      return retryAfterValue;
    }
    return retryAfter == null ? null : String.valueOf(retryAfter.toSeconds());
  }

  static GraphError notFound(String what) {
    return new GraphError(
        404,
        "ErrorItemNotFound",
        "The specified object was not found in the store. (" + what + ")");
  }

  static GraphError badRequest(String code, String message) {
    return new GraphError(400, code, message);
  }

  static GraphError accessDenied(String why) {
    return new GraphError(
        403,
        "ErrorAccessDenied",
        "Access is denied. Check credentials and try again. (" + why + ")");
  }
}
