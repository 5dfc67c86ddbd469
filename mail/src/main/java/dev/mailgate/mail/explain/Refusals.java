package dev.mailgate.mail.explain;

import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.explain.Refusal.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one classification of sign-in refusals (see {@link Refusal.Kind}), shared by the sender, the
 * readers and Test connection. The reply codes are those of RFC 5321 §4.2 and RFC 3463 (SMTP
 * enhanced status codes: {@code 5.5.x} protocol, {@code 5.7.x} security and policy, {@code 4.x.x}
 * transient), the response codes of RFC 5530 (IMAP {@code [AUTHENTICATIONFAILED]}, {@code
 * [UNAVAILABLE]}) and RFC 3206 (POP3 {@code [AUTH]}, {@code [SYS/TEMP]}), and Exchange Online's and
 * Gmail's documented texts. Every refusal gets an explanation: the catalogue's ({@link
 * Explanations}) where it knows the reply, else the general one of its kind.
 */
public final class Refusals {

  /** An SMTP reply: the basic code, then an enhanced code if the server sends one (RFC 3463). */
  private static final Pattern SMTP_REPLY =
      Pattern.compile("^\\s*([2-5]\\d\\d)[ -](?:([2-5])\\.(\\d{1,3})\\.(\\d{1,3}))?");

  /** The 334 prompts (RFC 4954 §4), with their challenges, before the final reply. */
  private static final Pattern CONTINUATION = Pattern.compile("^(\\s*334( \\S*)?\\s*)+");

  private static final List<String> NETWORK =
      List.of(
          "unknownhostexception",
          "unknown host",
          "does not resolve",
          "connection refused",
          "cannot connect",
          "couldn't connect",
          "could not connect",
          "connect timed out",
          "read timed out",
          "connection reset",
          "no route to host",
          "sslhandshakeexception",
          "pkix path",
          "certificate",
          "no subject alternative",
          "socket closed",
          "[unavailable]",
          "[serverbug]",
          "[sys/temp]",
          "[in-use]",
          "temporary");

  private static final List<String> POLICY =
      List.of(
          "5.7.139",
          "smtpclientauthentication is disabled",
          "5.7.9",
          "application-specific password required",
          "5.7.14",
          "5.7.3 ");

  /** Provider sending limits (ADR 0030); a 5xx among them is no reason to fail the message. */
  private static final List<String> OVER_THE_LIMIT =
      List.of(
          "submissionquotaexceeded",
          "550 5.4.5",
          "550-5.4.5",
          "daily user sending",
          "421 4.7.0",
          "421-4.7.0",
          // Gmail's "too many recipients" (its sending limits page), given per RCPT TO
          "452 4.5.3",
          "452-4.5.3",
          "sending limit exceeded");

  private static final List<String> MECHANISM =
      List.of(
          "line too long",
          "mechanism not supported",
          "unrecognized authentication type",
          "unsupported authentication mechanism",
          "no authentication mechanisms",
          "auth mechanism",
          "command not implemented",
          "command unrecognized",
          "[cannot]",
          "[privacyrequired]",
          "bad command");

  private static final List<String> TOKEN =
      List.of(
          "[authenticationfailed]",
          "authenticationfailed",
          "[auth]",
          "5.7.8",
          "authentication failed",
          "authenticate failed",
          "invalid credentials",
          "\"status\":\"401\"",
          "\"status\":\"400\"",
          // RFC 7628 §3.2.2 error statuses (RFC 6750 §3.1), as decoded from the error challenge
          "invalid_token",
          "insufficient_scope");

  private Refusals() {}

  /**
   * What a server's refusal of a sign-in (or the failure to reach it) is, with its explanation.
   *
   * @param reply the server's reply or the network failure, as the transport reported it
   * @param signIn how the connection signed in; a token refusal of an app-only sign-in (passed as
   *     {@link SignIn#APP_ONLY}) is a missing mailbox permission, not a bad token, once a new token
   *     has been refused too
   */
  public static Refusal classify(String reply, SignIn signIn) {
    String text = reply == null || reply.isBlank() ? "(no reply)" : reply.strip();
    String haystack =
        (text + " " + ServerReplies.decodedChallenge(text).orElse("")).toLowerCase(Locale.ROOT);
    Kind kind = kind(haystack);
    if (kind == Kind.TOKEN_REFUSED && signIn == SignIn.APP_ONLY) {
      return new Refusal(Kind.ACCOUNT_POLICY, text, Explanations.appOnlyMailboxRefused());
    }
    Explanation explanation =
        Explanations.explain(text, signIn).orElseGet(() -> general(kind, signIn));
    return new Refusal(kind, text, explanation);
  }

  /**
   * Whether a server's reply to a message (not only to a sign-in) says the mailbox is over its
   * sending limit: the mail is held until the window reopens instead of retried or failed.
   */
  public static boolean overTheLimit(String reply) {
    return reply != null && containsAny(reply.toLowerCase(Locale.ROOT), OVER_THE_LIMIT);
  }

  /**
   * The explanation of a server's reply to a message (or any error text): the catalogue's where it
   * knows the reply, else, for a reply that is surely over the provider's sending limit, the
   * general one of that kind; empty for a reply nobody can explain.
   */
  public static Optional<Explanation> explain(String reply, SignIn signIn) {
    return Explanations.explain(reply, signIn)
        .or(
            () ->
                overTheLimit(reply)
                    ? Optional.of(general(Kind.OVER_THE_LIMIT, signIn))
                    : Optional.empty());
  }

  /**
   * Every explanation a refusal can carry: the catalogue's ({@link Explanations#catalogue()}) and
   * the general one of each kind.
   */
  public static List<Explanation> catalogue() {
    List<Explanation> all = new ArrayList<>(Explanations.catalogue());
    for (Kind kind : Kind.values()) {
      for (SignIn signIn : SignIn.values()) {
        Explanation general = general(kind, signIn);
        if (all.stream().noneMatch(e -> e.code().equals(general.code()))) {
          all.add(general);
        }
      }
    }
    return List.copyOf(all);
  }

  private static Kind kind(String haystack) {
    if (containsAny(haystack, OVER_THE_LIMIT)) {
      return Kind.OVER_THE_LIMIT;
    }
    if (containsAny(haystack, POLICY)) {
      return Kind.ACCOUNT_POLICY;
    }
    // a two-line exchange reports the server's 334 prompt (and its challenge) before the final
    // reply, whose code is the one that counts
    Matcher code = SMTP_REPLY.matcher(CONTINUATION.matcher(haystack).replaceFirst(""));
    if (code.find()) {
      String basic = code.group(1);
      String enhancedClass = code.group(2);
      String subject = code.group(3);
      if (basic.startsWith("4") || "4".equals(enhancedClass)) {
        return Kind.SERVER_TROUBLE;
      }
      if ("5".equals(subject) || basic.equals("500") || basic.equals("501")) {
        return Kind.MECHANISM_OR_PROTOCOL;
      }
      if (basic.equals("502") || basic.equals("504")) {
        return Kind.MECHANISM_OR_PROTOCOL;
      }
    }
    if (containsAny(haystack, MECHANISM)) {
      return Kind.MECHANISM_OR_PROTOCOL;
    }
    if (containsAny(haystack, TOKEN)) {
      return Kind.TOKEN_REFUSED;
    }
    if (containsAny(haystack, NETWORK)) {
      return Kind.SERVER_TROUBLE;
    }
    // a sign-in answered with a refusal the table does not know: most servers mean the
    // credentials (RFC 4954's 535, IMAP's plain NO, POP3's plain -ERR)
    return Kind.TOKEN_REFUSED;
  }

  private static boolean containsAny(String haystack, List<String> phrases) {
    return phrases.stream().anyMatch(haystack::contains);
  }

  private static Explanation general(Kind kind, SignIn signIn) {
    return switch (kind) {
      case TOKEN_REFUSED ->
          signIn == SignIn.PASSWORD
              ? Explanations.explain("authentication failed", SignIn.PASSWORD).orElseThrow()
              : Explanations.explain("authentication failed", SignIn.OAUTH).orElseThrow();
      case MECHANISM_OR_PROTOCOL ->
          new Explanation(
              "SIGN_IN_MECHANISM_REFUSED",
              "The mail server did not accept the way Mailgate signed in (the SASL mechanism or"
                  + " the form of the AUTH command), so the token or password was never checked.",
              "Test connection names the mechanism used; choose another for the account (auto,"
                  + " XOAUTH2 or OAUTHBEARER) or ask the server's admin which one it offers. No"
                  + " new authorization is needed.");
      case ACCOUNT_POLICY ->
          new Explanation(
              "SIGN_IN_NOT_ALLOWED",
              "The mail service does not allow this mailbox to sign in this way.",
              "Ask the mail service's admin to allow the protocol for the mailbox. No new"
                  + " authorization is needed.");
      case OVER_THE_LIMIT ->
          new Explanation(
              "SENDING_LIMIT",
              "The mail server says the mailbox is over its sending limit.",
              "Nothing is lost: Mailgate holds the account's mail until the limit's window"
                  + " reopens and sends it then. Lower the account's sending limits to stay"
                  + " below the provider's.");
      case SERVER_TROUBLE ->
          new Explanation(
              "SERVER_TROUBLE",
              "The mail server had a temporary problem or could not be reached.",
              "Nothing to do if it passes: Mailgate tries again with growing pauses. If it"
                  + " lasts, check the server's status and the account's host and port.");
    };
  }
}
