package dev.mailgate.inbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.GraphSignIn;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInResult;
import dev.mailgate.account.SignInSecret;
import dev.mailgate.account.SignInUnavailableException;
import dev.mailgate.credential.TokenAttempt;
import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.mail.graph.GraphException;
import dev.mailgate.mail.inbound.MailServer;
import dev.mailgate.mail.inbound.MailServer.SignIn;
import dev.mailgate.mail.inbound.MailboxAuthenticationException;
import dev.mailgate.mail.sasl.SaslRefusal;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Runs a reader pass signed in as {@link MailboxSignIns} says (password, delegated or app-only
 * token, one refresh and retry where a new token may help). An account that cannot sign in until
 * someone acts stops the reader ({@link ReaderStoppedException}); a server that refuses the sign-in
 * fails this account's pass ({@link SignInRefusedException}) and nothing else.
 */
@Component
class ReaderSignIn {

  private final MailboxSignIns signIns;

  ReaderSignIn(MailboxSignIns signIns) {
    this.signIns = signIns;
  }

  <T> T run(EmailAccount account, Function<MailServer, T> pass) {
    SignInResult<T> result;
    try {
      result =
          signIns.signIn(
              account,
              secret -> {
                try {
                  return TokenAttempt.accepted(pass.apply(server(account, secret)));
                } catch (MailboxAuthenticationException e) {
                  return TokenAttempt.rejected(null, reply(e));
                }
              });
    } catch (SignInUnavailableException e) {
      throw new ReaderStoppedException(account.id(), e.getMessage());
    }
    if (result.refused()) {
      throw new SignInRefusedException(result.refusal());
    }
    return result.result();
  }

  /**
   * Runs a Graph reader pass (or watch) with the account's Graph endpoint and token source. A token
   * Graph refused twice (one replacement and retry done by the token source) fails this account's
   * pass as a refused sign-in, classified as the other transports' are; an account that cannot sign
   * in until someone acts (also found out by the token source mid-pass) stops the reader.
   */
  <T> T graph(EmailAccount account, Function<GraphSignIn, T> pass) {
    GraphSignIn graph;
    try {
      graph = signIns.graph(account);
      return pass.apply(graph);
    } catch (SignInUnavailableException e) {
      throw new ReaderStoppedException(account.id(), e.getMessage());
    } catch (GraphException e) {
      if (e.tokenRefused()) {
        throw new SignInRefusedException(
            Refusals.classify(e.getMessage(), signIns.signInOf(account)));
      }
      throw e;
    }
  }

  /** The server's refusal, with the decoded error challenge (status, scope) where it sent one. */
  private static String reply(MailboxAuthenticationException e) {
    return e.sasl()
        .flatMap(SaslRefusal::errorChallenge)
        .map(challenge -> e.getMessage() + " (" + challenge.summary() + ")")
        .orElse(e.getMessage());
  }

  private static MailServer server(EmailAccount account, SignInSecret secret) {
    return new MailServer(
        account.host(),
        account.port(),
        MailServer.Security.valueOf(account.security().name()),
        secret.user(),
        switch (secret) {
          case SignInSecret.Password p -> new SignIn.Password(p.password());
          case SignInSecret.Token t ->
              new SignIn.AccessToken(t.token().value(), account.saslMechanism());
        });
  }
}
