package dev.mailgate.account;

import dev.mailgate.credential.AccessToken;
import dev.mailgate.credential.TokenAttempt;
import dev.mailgate.credential.TokenUnavailableException;
import dev.mailgate.mail.explain.Explanation;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.mail.explain.Refusal;
import dev.mailgate.mail.probe.ConnectionProbe;
import dev.mailgate.mail.probe.ProbeReport;
import dev.mailgate.mail.probe.ProbeTarget;
import dev.mailgate.mail.probe.ProbeTarget.Credentials;
import dev.mailgate.oauth.ProviderCallException;
import dev.mailgate.system.NotFoundException;
import dev.mailgate.system.Times;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLSocketFactory;
import org.springframework.stereotype.Service;

/**
 * Test Connection for an account: signs in as every reader and sender does ({@link MailboxSignIns}:
 * its password, its authorization's current access token, or an app-only token; a refused token
 * replaced once where a new token may help) and runs the step-by-step connection probe. A refusal
 * is classified and explained as the reader or sender would record it, but a test marks nothing:
 * neither the account nor, ever, the credential (ADR 0020).
 */
@Service
public class ConnectionTester {

  /** The probe's name for the sign-in step, whose refusal is a refused sign-in. */
  private static final String AUTHENTICATION_STEP = "Authentication";

  private final JdbcAccountStore accounts;
  private final MailboxSignIns signIns;
  private final ConnectionProbe probe;
  private final GraphConnectionCheck graph;
  private final Clock clock;

  private final Times times;

  ConnectionTester(
      JdbcAccountStore accounts,
      MailboxSignIns signIns,
      SSLSocketFactory mailSocketFactory,
      GraphConnectionCheck graph,
      Times times) {
    this.accounts = accounts;
    this.signIns = signIns;
    this.graph = graph;
    this.clock = times.clock();
    this.probe = new ConnectionProbe(mailSocketFactory, clock);
    this.times = times;
  }

  public ConnectionTestResult test(UUID accountId) {
    EmailAccount account =
        accounts.find(accountId).orElseThrow(() -> new NotFoundException("account", accountId));
    if (account.type() == EmailAccount.AccountType.GRAPH) {
      return graph.test(account); // HTTP requests, not a mail protocol's conversation
    }
    Attempts attempts = new Attempts(account, clock.millis());
    try {
      SignInResult<ProbeReport> result = signIns.signIn(account, attempts::run);
      return attempts.result(result.result(), result.signedInWith(), result.refusal());
    } catch (SignInUnavailableException e) {
      return attempts.stopped(e.getMessage(), e.advice());
    } catch (ProviderCallException e) {
      return attempts.stopped(
          e.getMessage(), "Check the provider's client id, secret and token URL (Test provider).");
    } catch (TokenUnavailableException e) {
      // the provider may have answered with an error the catalogue knows (invalid_client, an
      // AADSTS code): its fix, rather than "try later" (issue 19)
      return attempts.stopped(
          e.getMessage(),
          Explanations.explain(e.getMessage())
              .map(Explanation::action)
              .orElse("The provider did not answer; Mailgate keeps trying. Test again later."));
    }
  }

  /** The probe runs of one test, with the tokens each used and the time until the first. */
  private final class Attempts {

    private final EmailAccount account;
    private final long started;
    private final List<AccessToken> tokens = new ArrayList<>();
    private long credentialMillis = -1;

    Attempts(EmailAccount account, long started) {
      this.account = account;
      this.started = started;
    }

    /** One probe run; a failed sign-in step is a refused sign-in, with the server's reply. */
    TokenAttempt<ProbeReport> run(SignInSecret secret) {
      if (credentialMillis < 0) {
        credentialMillis = clock.millis() - started;
      }
      Credentials credentials =
          switch (secret) {
            case SignInSecret.Password p -> new Credentials.Password(p.password());
            case SignInSecret.Token t -> {
              tokens.add(t.token());
              yield new Credentials.AccessToken(t.token().value(), account.saslMechanism());
            }
          };
      ProbeReport report =
          probe.run(
              new ProbeTarget(
                  ProbeTarget.Protocol.valueOf(account.type().name()),
                  account.host(),
                  account.port(),
                  ProbeTarget.Security.valueOf(account.security().name()),
                  secret.user(),
                  credentials,
                  account.address(),
                  "INBOX"));
      return report
          .failure()
          .filter(step -> AUTHENTICATION_STEP.equals(step.name()))
          .map(step -> TokenAttempt.rejected(report, step.serverReply()))
          .orElseGet(() -> TokenAttempt.accepted(report));
    }

    private String tokenNote() {
      if (tokens.isEmpty()) {
        return "";
      }
      AccessToken last = tokens.getLast();
      String expiry = last.expiresAt() == null ? "" : ", expires " + times.at(last.expiresAt());
      return tokens.size() > 1
          ? expiry + " (refreshed after the server refused the previous one)"
          : expiry;
    }

    ConnectionTestResult result(ProbeReport report, String signedInWith, Refusal refusal) {
      String note =
          refusal == null
              ? ""
              : "; the server refused it ("
                  + refusal.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                  + "). A test marks nothing: the authorization stays as it is";
      return ConnectionTestResult.of(
          account.id(), step(true, signedInWith + tokenNote() + note, null), report, refusal);
    }

    ConnectionTestResult stopped(String detail, String advice) {
      return ConnectionTestResult.stoppedAt(account.id(), step(false, detail, advice));
    }

    private ConnectionTestResult.Step step(boolean ok, String detail, String advice) {
      long millis = credentialMillis < 0 ? clock.millis() - started : credentialMillis;
      return new ConnectionTestResult.Step("Credentials", ok, detail, millis, null, null, advice);
    }
  }
}
