package dev.mailgate.cli;

/** A request to Mailgate's REST API that did not succeed, with the exit code it stands for. */
final class ApiException extends RuntimeException {

  private final int exitCode;

  ApiException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** The exit code for an HTTP status Mailgate answered with. */
  static int exitCodeFor(int status) {
    return switch (status) {
      case 401, 403 -> Exit.NOT_AUTHORIZED;
      case 404 -> Exit.NOT_FOUND;
      default -> status >= 500 ? Exit.UNAVAILABLE : Exit.REFUSED;
    };
  }
}
