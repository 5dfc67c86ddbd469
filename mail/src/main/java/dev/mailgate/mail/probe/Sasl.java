package dev.mailgate.mail.probe;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** SASL initial responses, and the decoding of a server's base64 challenge. */
final class Sasl {

  private Sasl() {}

  /** XOAUTH2 (Google/Microsoft): {@code user=<u>^Aauth=Bearer <token>^A^A}, base64. */
  static String xoauth2(String username, String accessToken) {
    return base64("user=" + username + "\u0001auth=Bearer " + accessToken + "\u0001\u0001");
  }

  /** PLAIN (RFC 4616): {@code \0user\0password}, base64. */
  static String plain(String username, String password) {
    return base64("\u0000" + username + "\u0000" + password);
  }

  /**
   * The text inside a server's base64 challenge (e.g. the JSON an XOAUTH2 failure carries: {@code
   * {"status":"401","schemes":"bearer","scope":"..."}}), if the reply has one.
   */
  static Optional<String> decodeChallenge(String reply) {
    for (String word : reply.split("\\s+")) {
      if (word.length() < 8 || !word.matches("[A-Za-z0-9+/=]+")) {
        continue;
      }
      try {
        String text = new String(Base64.getDecoder().decode(word), StandardCharsets.UTF_8);
        if (text.strip().startsWith("{") || text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
          return Optional.of(text.strip());
        }
      } catch (IllegalArgumentException notBase64) {
        // an ordinary word
      }
    }
    return Optional.empty();
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
