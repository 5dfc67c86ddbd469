package dev.mailgate.security.crypto;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A database column that holds secrets. By convention its name ends in {@code _enc} and its table
 * has an {@code id} primary key; the row id is part of the associated data, so a ciphertext only
 * decrypts in the table, column and row it was written for.
 */
public record SecretColumn(String table, String column) {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");
  static final String SUFFIX = "_enc";

  public SecretColumn {
    if (!IDENTIFIER.matcher(table).matches() || !IDENTIFIER.matcher(column).matches()) {
      throw new IllegalArgumentException("not a plain SQL identifier: " + table + "." + column);
    }
    if (!column.endsWith(SUFFIX)) {
      throw new IllegalArgumentException(
          "secret columns end in " + SUFFIX + " so key rotation finds them: " + column);
    }
  }

  byte[] associatedData(Object rowId) {
    return ("mailgate/" + table + "." + column + "/" + rowId).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return table + "." + column;
  }
}
