package dev.mailgate.sandbox;

/**
 * The sandbox provider's token endpoint refused a request, with the OAuth error it answered (RFC
 * 6749 section 5.2), e.g. {@code invalid_grant} for a revoked refresh token.
 */
public final class SandboxTokenException extends SandboxException {

  private final int status;
  private final String error;

  SandboxTokenException(int status, String error, String description) {
    super("the sandbox token endpoint answered " + status + " " + error + ": " + description);
    this.status = status;
    this.error = error;
  }

  /** The HTTP status, 400 for every OAuth error. */
  public int status() {
    return status;
  }

  /** The OAuth error code, e.g. {@code invalid_grant}. */
  public String error() {
    return error;
  }
}
