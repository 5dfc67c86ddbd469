package dev.mailgate.mail.compose;

/**
 * A checked message could not be written as MIME. Input is validated before composing, so this
 * means a bug or an unsupported content type, never a user's typo.
 */
public class ComposeException extends RuntimeException {

  ComposeException(String message, Throwable cause) {
    super(message, cause);
  }
}
