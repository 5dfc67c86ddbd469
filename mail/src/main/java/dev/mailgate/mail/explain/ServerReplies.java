package dev.mailgate.mail.explain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Decoding what a server put inside its reply. */
public final class ServerReplies {

  private ServerReplies() {}

  /**
   * The text inside a server's base64 challenge (e.g. the JSON an XOAUTH2 failure carries: {@code
   * {"status":"401","schemes":"bearer","scope":"..."}}), if the reply has one.
   */
  public static Optional<String> decodedChallenge(String reply) {
    if (reply == null) {
      return Optional.empty();
    }
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
}
