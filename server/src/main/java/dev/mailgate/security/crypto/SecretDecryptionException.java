package dev.mailgate.security.crypto;

import dev.mailgate.system.MailgateException;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A stored secret could not be decrypted: it was encrypted under another master key, or for another
 * row or column (a ciphertext copied between rows fails here by design), or is damaged.
 */
public class SecretDecryptionException extends MailgateException {

  private final SecretColumn column;
  private final String rowId;

  SecretDecryptionException(SecretColumn column, Object rowId, Throwable cause) {
    super(
        "The secret in "
            + column
            + " of row "
            + rowId
            + " cannot be decrypted with the current master key. It was encrypted with another"
            + " key or belongs to another row; enter the secret again (or restore the right key).",
        cause);
    this.column = column;
    this.rowId = String.valueOf(rowId);
  }

  @Override
  public HttpStatus status() {
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }

  @Override
  public String title() {
    return "Secret cannot be decrypted";
  }

  @Override
  public Map<String, Object> properties() {
    return Map.of("table", column.table(), "column", column.column(), "row", rowId);
  }
}
