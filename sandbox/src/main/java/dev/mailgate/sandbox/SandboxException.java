package dev.mailgate.sandbox;

/**
 * The root of what the sandbox throws: a port it cannot listen on, a mailbox that does not exist, a
 * provider answer a test did not expect. Unchecked, because a test can only fail on it.
 */
public class SandboxException extends RuntimeException {

  public SandboxException(String message) {
    super(message);
  }

  public SandboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
