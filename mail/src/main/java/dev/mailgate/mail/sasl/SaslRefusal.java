package dev.mailgate.mail.sasl;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server refused an OAuth sign-in: how it was tried, the error challenge it sent first (if any,
 * decoded), and its final reply verbatim (SMTP {@code 535 5.7.8 ...}, IMAP {@code a1 NO ...}, POP3
 * {@code -ERR ...}), for the classification of refusals. Never holds the token.
 */
public record SaslRefusal(OAuthSignIn signIn, ErrorChallenge challenge, String finalReply) {

  private static final Pattern SMTP_CODE = Pattern.compile("^([2-5][0-9][0-9])[ -]");
  private static final Pattern ENHANCED =
      Pattern.compile("\\b([245]\\.[0-9]{1,3}\\.[0-9]{1,3})\\b");

  /** The decoded error challenge, where the server sent one. */
  public Optional<ErrorChallenge> errorChallenge() {
    return Optional.ofNullable(challenge);
  }

  /** The SMTP reply code of the final reply (e.g. 535), or -1 for IMAP, POP3 or none. */
  public int replyCode() {
    if (finalReply == null) {
      return -1;
    }
    Matcher m = SMTP_CODE.matcher(finalReply + " ");
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** The enhanced status code of the final reply (RFC 3463, e.g. {@code 5.7.8}), if it has one. */
  public Optional<String> enhancedStatus() {
    if (finalReply == null) {
      return Optional.empty();
    }
    Matcher m = ENHANCED.matcher(finalReply);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** E.g. "535 5.7.8 Authentication credentials invalid (status invalid_token, scope smtp)". */
  public String describe() {
    return challenge == null ? finalReply : finalReply + " (" + challenge.summary() + ")";
  }
}
