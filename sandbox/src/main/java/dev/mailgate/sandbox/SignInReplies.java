package dev.mailgate.sandbox;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The replies the sandbox SMTP (or POP3) server gives to an OAuth {@code AUTH} of chosen mailboxes
 * whose token it would accept, instead of {@code 235}: a mailbox whose provider refuses the sign-in
 * by policy rather than for the token, as Exchange Online's {@code 535 5.7.139 Authentication
 * unsuccessful, SmtpClientAuthentication is disabled for the Mailbox} says when SMTP AUTH is off
 * for it. IMAP and POP3 go on accepting the same token. Each scripted refusal given is counted, so
 * a test sees how often a client tried.
 */
final class SignInReplies {

  /** A refusing AUTH reply of RFC 4954: 4yz or 5yz, then the text. */
  private static final Pattern SMTP_REFUSAL = Pattern.compile("[45][0-5][0-9]( .*)?");

  /** A refusing POP3 AUTH reply (RFC 5034): {@code -ERR}, then the text. */
  private static final Pattern POP3_REFUSAL = Pattern.compile("-ERR .+");

  private final Pattern refusal;
  private final String example;
  private final Map<String, String> replies = new ConcurrentHashMap<>();
  private final AtomicInteger given = new AtomicInteger();

  private SignInReplies(Pattern refusal, String example) {
    this.refusal = refusal;
    this.example = example;
  }

  /** For SMTP's AUTH. */
  static SignInReplies smtp() {
    return new SignInReplies(SMTP_REFUSAL, "\"535 5.7.139 Authentication unsuccessful\"");
  }

  /** For POP3's AUTH. */
  static SignInReplies pop3() {
    return new SignInReplies(POP3_REFUSAL, "\"-ERR [AUTH] Authentication failed.\"");
  }

  void refuse(String address, String reply) {
    if (reply == null || reply.contains("\n") || !refusal.matcher(reply).matches()) {
      throw new SandboxException(
          "a refusing AUTH reply is one line like " + example + ", not " + reply);
    }
    replies.put(key(address), reply);
  }

  void accept(String address) {
    replies.remove(key(address));
  }

  /** The scripted refusal for this mailbox's sign-in, counted, or empty to let it in. */
  Optional<String> replyTo(String address) {
    Optional<String> reply = Optional.ofNullable(replies.get(key(address)));
    reply.ifPresent(r -> given.incrementAndGet());
    return reply;
  }

  /** How many scripted refusals were given so far. */
  int given() {
    return given.get();
  }

  private static String key(String address) {
    return address.strip().toLowerCase(Locale.ROOT);
  }
}
