package dev.mailgate.outbound;

import dev.mailgate.account.EmailAccount;
import dev.mailgate.account.GraphProperties;
import dev.mailgate.account.GraphSignIn;
import dev.mailgate.account.MailboxSignIns;
import dev.mailgate.account.SignInFailure;
import dev.mailgate.account.SignInUnavailableException;
import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.mail.graph.GraphConnection;
import dev.mailgate.mail.graph.GraphEnvelopeException;
import dev.mailgate.mail.graph.GraphException;
import dev.mailgate.mail.graph.GraphSender;
import dev.mailgate.mail.send.RecipientResult;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The Microsoft Graph transport (ADR 0026): {@code POST /users/{id}/sendMail} (or {@code
 * /me/sendMail}) with the stored MIME, base64, as {@code text/plain}. Graph takes or refuses the
 * whole message: {@code 202} is every envelope recipient accepted, as SMTP's 250 after DATA.
 * Throttling ({@code 429}, {@code 503}) is waited out in place up to the client's longest wait and
 * otherwise tried again later, no sooner than its {@code Retry-After}; a refusal ({@code 403}
 * {@code ErrorSendAsDenied} or {@code ErrorAccessDenied}, {@code MailboxNotEnabledForRESTAPI},
 * another 4xx, a message over 4 MB) fails the message with Graph's words, explained by the
 * catalogue; {@code 504} or no answer once the request was written leaves the outcome unknown,
 * never sent again blindly (ADR 0009). A token Graph refuses twice (after one replacement) is the
 * account's sign-in refusal, held as SMTP's is (ADR 0020).
 *
 * <p>Opening signs nothing in: HTTP has no session, so the resolver's answer (mailbox and token
 * source) is the connection, and the first request fetches the token.
 */
@Component
class GraphSending implements OutboundTransport {

  private final MailboxSignIns signIns;
  private final SignInHolds holds;
  private final GraphProperties graph;
  private final Clock clock;

  /** One client for every account's requests: connections are pooled per Graph host. */
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER) // a bearer token follows no redirect
          .build();

  GraphSending(MailboxSignIns signIns, SignInHolds holds, GraphProperties graph, Clock clock) {
    this.signIns = signIns;
    this.holds = holds;
    this.graph = graph;
    this.clock = clock;
  }

  @Override
  public OutboundTransport.Connection open(EmailAccount account) {
    Optional<SignInFailure> failing = holds.dueOrBackingOff(account);
    GraphSignIn signIn;
    try {
      signIn = signIns.graph(account);
    } catch (SignInUnavailableException e) {
      throw SignInHolds.Held.of(e);
    }
    GraphConnection connection =
        GraphConnection.builder(signIn.endpoint(), signIn.tokens())
            .httpClient(http)
            .clock(clock)
            .timeout(graph.timeout())
            .build();
    return new Sending(account, signIn, new GraphSender(connection), failing);
  }

  /** One account's sending over Graph; a failed request does not spoil the next. */
  private final class Sending implements OutboundTransport.Connection {

    private final EmailAccount account;
    private final GraphSignIn signIn;
    private final GraphSender sender;
    private Optional<SignInFailure> failing;

    Sending(
        EmailAccount account,
        GraphSignIn signIn,
        GraphSender sender,
        Optional<SignInFailure> failing) {
      this.account = account;
      this.signIn = signIn;
      this.sender = sender;
      this.failing = failing;
    }

    @Override
    public List<RecipientResult> send(List<String> recipients, byte[] raw) {
      try {
        sender.send(raw, recipients);
      } catch (SignInUnavailableException e) {
        throw SignInHolds.Held.of(e); // the token endpoint's verdict, met on the first request
      } catch (GraphEnvelopeException e) {
        throw new SendFailure(SendFailure.Kind.PERMANENT, e.getMessage(), null, e);
      } catch (GraphException e) {
        throw failure(e);
      }
      holds.signedIn(account, failing);
      failing = Optional.empty();
      return recipients.stream()
          .map(address -> new RecipientResult(address, true, "202 Accepted"))
          .toList();
    }

    private RuntimeException failure(GraphException e) {
      String reply = e.getMessage();
      if (e.tokenRefused()) {
        return new SignInHolds.Refused(Refusals.classify(reply, signIn.signIn()));
      }
      if (e.outcomeUnknown()) {
        return new SendFailure(SendFailure.Kind.OUTCOME_UNKNOWN, reply, null, e);
      }
      if (e.temporary() || e.status() == 408 || e.status() / 100 == 5) {
        return new SendFailure(SendFailure.Kind.TEMPORARY, reply, e.retryAfter().orElse(null), e);
      }
      return new SendFailure(SendFailure.Kind.PERMANENT, reply, null, e);
    }

    @Override
    public boolean usable() {
      return true;
    }

    @Override
    public boolean answers() {
      return true;
    }

    @Override
    public void close() {
      // nothing held open: the HTTP client is shared
    }
  }
}
