package dev.mailgate.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The replies the sandbox SMTP server gives to {@code RCPT TO} for chosen recipients instead of
 * accepting them, so tests meet a busy mailbox ({@code 450}), an unknown user ({@code 550}) or a
 * full one ({@code 452}) as a real server sends them (RFC 5321 4.2): a 4xx says "try again later",
 * a 5xx "never". Every other recipient is accepted and delivered as before.
 */
final class RecipientReplies {

  /** A reply code of RFC 5321 4.2 that refuses (4yz or 5yz), then the text. */
  private static final Pattern REFUSAL = Pattern.compile("[45][0-5][0-9]( .*)?");

  private final Map<String, String> replies = new ConcurrentHashMap<>();

  void refuse(String address, String reply) {
    if (reply == null || !REFUSAL.matcher(reply).matches()) {
      throw new SandboxException(
          "a refusing SMTP reply starts with a 4xx or 5xx code, e.g. \"450 4.2.1 Mailbox busy\","
              + " not "
              + reply);
    }
    replies.put(key(address), reply);
  }

  void accept(String address) {
    replies.remove(key(address));
  }

  /** The reply for this recipient, or empty to accept it. */
  Optional<String> replyTo(String address) {
    return Optional.ofNullable(replies.get(key(address)));
  }

  private static String key(String address) {
    return address.strip().toLowerCase(Locale.ROOT);
  }
}
