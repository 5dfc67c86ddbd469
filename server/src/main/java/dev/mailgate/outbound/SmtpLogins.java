package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInFailure;
import dev.mailgate.account.SignInResult;
import dev.mailgate.account.SignInSecret;
import dev.mailgate.account.SignInUnavailableException;
import dev.mailgate.credential.TokenAttempt;
import dev.mailgate.mail.sasl.SaslRefusal;
import dev.mailgate.mail.send.RecipientResult;
import dev.mailgate.mail.send.SmtpException;
import dev.mailgate.mail.send.SmtpLogin;
import dev.mailgate.mail.send.SmtpSender;
import dev.mailgate.mail.send.SmtpServer;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.stereotype.Component;

/**
 * The SMTP transport: connections for an account, signed in as {@link MailboxSignIns} says
 * (password, delegated or app-only token; one refresh and retry where a new token may help). An
 * account that cannot sign in until an admin acts raises {@link SignInHolds.Held}; one whose server
 * refused the sign-in raises {@link SignInHolds.Refused} and is not tried again before its back-off
 * has passed ({@link SignInHolds.BackingOff}).
 */
@Component
class SmtpLogins implements OutboundTransport {

  private final MailboxSignIns signIns;
  private final SignInHolds holds;
  private final SmtpSender sender;

  SmtpLogins(
      MailboxSignIns signIns,
      SignInHolds holds,
      SSLSocketFactory mailSocketFactory,
      OutboundProperties properties) {
    this.signIns = signIns;
    this.holds = holds;
    this.sender = new SmtpSender(mailSocketFactory, properties.smtpTimeout());
  }

  /** A signed-in SMTP connection for the account's mail. */
  @Override
  public OutboundTransport.Connection open(EmailAccount account) {
    Optional<SignInFailure> failing = holds.dueOrBackingOff(account);
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
      throw SignInHolds.Held.of(e);
    } catch (SmtpException e) {
      throw failure(e); // no connection: the server refused or could not be reached
    }
    if (result.refused()) {
      throw new SignInHolds.Refused(result.refusal());
    }
    holds.signedIn(account, failing);
    return new SmtpConnection(result.result());
  }

  /** An SMTP failure in the outbox's terms: 5xx gives up, anything else is tried again. */
  private static SendFailure failure(SmtpException e) {
    return new SendFailure(
        e instanceof SmtpException.Permanent
            ? SendFailure.Kind.PERMANENT
            : SendFailure.Kind.TEMPORARY,
        e.reply(),
        null,
        e);
  }

  /** An SMTP connection in the outbox's terms: 5xx gives up, anything else is tried again. */
  private record SmtpConnection(SmtpSender.Connection smtp)
      implements OutboundTransport.Connection {

    @Override
    public List<RecipientResult> send(List<String> recipients, byte[] raw) {
      try {
        return smtp.send(recipients, raw);
      } catch (SmtpException e) {
        throw failure(e);
      }
    }

    @Override
    public boolean usable() {
      return smtp.usable();
    }

    @Override
    public boolean answers() {
      return smtp.answers();
    }

    @Override
    public void close() {
      smtp.close();
    }
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
