package dev.mailgate.mail.probe;

import dev.mailgate.mail.explain.ServerReplies;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * PLAIN for a password, and the decoding of a server's base64 challenge (tokens: {@link
 * ProbeSasl}).
 */
final class Sasl {

  private Sasl() {}

  /** PLAIN (RFC 4616): {@code \0user\0password}, base64. */
  static String plain(String username, String password) {
    return base64("\u0000" + username + "\u0000" + password);
  }

  /** The text inside a server's base64 challenge, if the reply has one. */
  static Optional<String> decodeChallenge(String reply) {
    return ServerReplies.decodedChallenge(reply);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
