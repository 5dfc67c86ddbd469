package dev.mailgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The body of a create verb's {@code --json}: the JSON itself, {@code @file}, or {@code -} for
 * stdin. Its fields are the API's (see docs/openapi.json or Swagger UI); Mailgate checks them and
 * names the field at fault.
 */
final class JsonInput {

  private JsonInput() {}

  static String read(String value, InputStream stdin) {
    try {
      if (value.equals("-")) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (value.startsWith("@")) {
        return Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8);
      }
      return value;
    } catch (IOException e) {
      throw new ApiException(Exit.USAGE, "The JSON to send cannot be read: " + e);
    }
  }
}
