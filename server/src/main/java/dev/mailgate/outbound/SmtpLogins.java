package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInFailure;
import dev.mailgate.account.SignInResult;
import dev.mailgate.account.SignInSecret;
import dev.mailgate.account.SignInUnavailableException;
import dev.mailgate.credential.TokenAttempt;
import dev.mailgate.credential.TokenUnavailableException;
import dev.mailgate.mail.explain.Refusal;
import dev.mailgate.mail.sasl.SaslRefusal;
import dev.mailgate.mail.send.SmtpException;
import dev.mailgate.mail.send.SmtpLogin;
import dev.mailgate.mail.send.SmtpSender;
import dev.mailgate.mail.send.SmtpServer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.stereotype.Component;

/**
 * SMTP connections for an account, signed in as {@link MailboxSignIns} says (password, delegated or
 * app-only token; one refresh and retry where a new token may help). An account that cannot sign in
 * until an admin acts raises {@link Held}; one whose server refused the sign-in raises {@link
 * Refused} and is not tried again before its back-off has passed ({@link BackingOff}). Its mail
 * waits either way; it does not fail, and nothing else is marked.
 */
@Component
class SmtpLogins {

  private final MailboxSignIns signIns;
  private final SmtpSender sender;
  private final Clock clock;

  SmtpLogins(
      MailboxSignIns signIns,
      SSLSocketFactory mailSocketFactory,
      OutboundProperties properties,
      Clock clock) {
    this.signIns = signIns;
    this.sender = new SmtpSender(mailSocketFactory, properties.smtpTimeout());
    this.clock = clock;
  }

  /** The account cannot sign in until someone acts; the reason says what to do. */
  static final class Held extends RuntimeException {
    Held(String reason) {
      super(reason);
    }
  }

  /** The server refused the account's sign-in; the refusal is classified and explained. */
  static final class Refused extends RuntimeException {
    private final transient Refusal refusal;

    Refused(Refusal refusal) {
      super(refusal.reply());
      this.refusal = refusal;
    }

    Refusal refusal() {
      return refusal;
    }
  }

  /** The account's server refused it lately, and its back-off has not passed yet. */
  static final class BackingOff extends RuntimeException {
    private final transient SignInFailure failure;

    BackingOff(SignInFailure failure) {
      super(failure.reply());
      this.failure = failure;
    }

    SignInFailure failure() {
      return failure;
    }
  }

  /**
   * A signed-in connection for the account's mail.
   *
   * @throws Held when the account cannot sign in until someone acts
   * @throws Refused when the server refused the sign-in
   * @throws BackingOff when it refused lately and the next sign-in is not due yet
   */
  SmtpSender.Connection connect(EmailAccount account) {
    Instant now = clock.instant();
    Optional<SignInFailure> failing = signIns.failure(account.id());
    if (failing.isPresent() && failing.get().retryAt().isAfter(now)) {
      throw new BackingOff(failing.get());
    }
    SmtpServer server =
        new SmtpServer(
            account.host(), account.port(), SmtpServer.Security.valueOf(account.security().name()));
    SignInResult<SmtpSender.Connection> result;
    try {
      result =
          signIns.signIn(
              account,
              secret -> {
                try {
                  return TokenAttempt.accepted(
                      sender.connect(server, login(secret, account), account.address()));
                } catch (SmtpException.AuthenticationRefused e) {
                  // the final reply first, then the decoded error challenge (status, scope)
                  return TokenAttempt.rejected(
                      null, e.sasl().map(SaslRefusal::describe).orElse(e.reply()));
                }
              });
    } catch (SignInUnavailableException e) {
      String reason = e.getMessage();
      throw new Held(
          Character.toUpperCase(reason.charAt(0)) + reason.substring(1) + ". " + e.advice());
    } catch (TokenUnavailableException e) {
      // the token endpoint refused the client or did not answer: no attempt of the message's is
      // spent on it, and the provider's words stay on the entry to be explained (issue 19)
      throw new Held(e.getMessage());
    }
    if (result.refused()) {
      throw new Refused(result.refusal());
    }
    if (failing.isPresent()) {
      signIns.signedIn(account.id());
    }
    return result.result();
  }

  /** A token signs in with the account's SASL mechanism setting (ADR 0019). */
  private static SmtpLogin login(SignInSecret secret, EmailAccount account) {
    return switch (secret) {
      case SignInSecret.Password p -> new SmtpLogin.Password(p.user(), p.password());
      case SignInSecret.Token t ->
          new SmtpLogin.Xoauth2(t.user(), t.token().value(), account.saslMechanism());
    };
  }
}
