package dev.mailgate.account;

import dev.mailgate.credential.TokenUnavailableException;
import dev.mailgate.mail.explain.Explanation;
import dev.mailgate.mail.explain.Explanations;
import dev.mailgate.mail.explain.Explanations.SignIn;
import dev.mailgate.mail.explain.Refusal;
import dev.mailgate.mail.explain.Refusals;
import dev.mailgate.mail.graph.GraphConnection;
import dev.mailgate.mail.graph.GraphException;
import dev.mailgate.mail.graph.GraphFolder;
import dev.mailgate.mail.graph.GraphReader;
import dev.mailgate.mail.graph.GraphTokenClaims;
import dev.mailgate.mail.graph.GraphUser;
import dev.mailgate.oauth.ProviderCallException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Test connection of a Graph account (ADR 0026), step by step and each timed: the sign-in as the
 * resolver hands it out, the token (which permissions it carries, read from its claims), the
 * mailbox ({@code /me} or {@code /users/{address}}), its Inbox, and whether the permissions cover
 * reading (and marking, moving, deleting) and sending. Every failure is Graph's or Entra ID's words
 * with the catalogue's explanation: no consent for the application's permissions, no application
 * access policy ({@code 403 ErrorAccessDenied}), no such mailbox, a mailbox Graph does not serve
 * (no Exchange Online licence). Like every test, it marks nothing.
 */
@Component
class GraphConnectionCheck {

  static final String INBOX = "inbox";

  private final MailboxSignIns signIns;
  private final GraphProperties graph;
  private final Clock clock;

  GraphConnectionCheck(MailboxSignIns signIns, GraphProperties graph, Clock clock) {
    this.signIns = signIns;
    this.graph = graph;
    this.clock = clock;
  }

  ConnectionTestResult test(EmailAccount account) {
    Steps steps = new Steps(account.id());
    long started = clock.millis();
    GraphSignIn signIn;
    try {
      signIn = signIns.graph(account);
    } catch (SignInUnavailableException e) {
      return steps.fail("Credentials", started, e.getMessage(), null, e.advice(), null);
    }
    steps.ok("Credentials", started, signIn.signedInWith() + " at " + graph.root());

    started = clock.millis();
    GraphTokenClaims claims;
    try {
      claims = GraphTokenClaims.read(signIn.tokens().token());
    } catch (SignInUnavailableException e) {
      return steps.fail("Token", started, e.getMessage(), null, e.advice(), null);
    } catch (ProviderCallException | TokenUnavailableException e) {
      Optional<Explanation> explained = Explanations.explain(e.getMessage());
      return steps.fail(
          "Token",
          started,
          "The token endpoint did not give a token: "
              + e.getMessage()
              + explained.map(x -> ". " + x.meaning()).orElse(""),
          e.getMessage(),
          explained
              .map(Explanation::action)
              .orElse("Check the provider's client id, secret and token URL (Test provider)."),
          null);
    } catch (IllegalArgumentException e) {
      return steps.fail(
          "Token",
          started,
          "The provider's access token cannot be read (" + e.getMessage() + ").",
          null,
          "Graph takes Entra ID's JWT access tokens; check that the provider is Microsoft 365.",
          null);
    }
    Optional<String> tokenProblem = tokenProblem(claims, signIn.signIn());
    if (tokenProblem.isPresent()) {
      Explanation why = Explanations.explain(tokenProblem.get(), signIn.signIn()).orElseThrow();
      return steps.fail(
          "Token", started, tokenProblem.get() + ". " + why.meaning(), null, why.action(), null);
    }
    steps.ok("Token", started, describe(claims));

    GraphReader reader =
        new GraphReader(
            GraphConnection.builder(signIn.endpoint(), signIn.tokens())
                .clock(clock)
                .timeout(graph.timeout())
                .build());
    started = clock.millis();
    try {
      GraphUser user = reader.user();
      steps.ok(
          "Mailbox",
          started,
          signIn.endpoint().mailbox()
              + ": "
              + (user.displayName() == null ? "" : user.displayName() + " ")
              + "<"
              + (user.mail() == null ? user.userPrincipalName() : user.mail())
              + ">");
    } catch (GraphException e) {
      return steps.refused("Mailbox", started, e, signIn.signIn());
    }

    started = clock.millis();
    try {
      GraphFolder inbox = reader.folder(INBOX);
      steps.ok(
          "Folder",
          started,
          inbox.displayName()
              + ": "
              + inbox.totalItemCount()
              + " messages, "
              + inbox.unreadItemCount()
              + " unread");
    } catch (GraphException e) {
      return steps.refused("Folder", started, e, signIn.signIn());
    }

    started = clock.millis();
    boolean shared = signIn.signIn() == SignIn.OAUTH && !"/me".equals(signIn.endpoint().mailbox());
    List<String> needed =
        shared
            ? List.of("Mail.ReadWrite.Shared", "Mail.Send.Shared")
            : List.of("Mail.ReadWrite", "Mail.Send");
    List<String> missing = needed.stream().filter(p -> !claims.has(p)).toList();
    if (!missing.isEmpty()) {
      return steps.fail(
          "Permissions",
          started,
          "The token lacks "
              + String.join(" and ", missing)
              + ": "
              + (missing.stream().anyMatch(p -> p.startsWith("Mail.Send"))
                  ? "sending is refused (403 ErrorAccessDenied)"
                  : "marking read, moving and deleting are refused")
              + ".",
          null,
          signIn.signIn() == SignIn.APP_ONLY
              ? "Add the Microsoft Graph application permissions "
                  + String.join(", ", missing)
                  + " and grant admin consent (Entra ID > App registrations > API permissions)."
              : "Add "
                  + String.join(", ", missing)
                  + " to the account's profile and authorize again.",
          null);
    }
    steps.ok("Permissions", started, String.join(", ", needed) + ": reading and sending allowed");
    return steps.done();
  }

  /** What makes a token useless for Graph before Graph is asked, in words the catalogue knows. */
  private static Optional<String> tokenProblem(GraphTokenClaims claims, SignIn signIn) {
    if (!claims.forGraph()) {
      return Optional.of(
          "The token is for "
              + String.join(", ", claims.audiences())
              + ", not for Graph (InvalidAuthenticationToken)");
    }
    if (signIn == SignIn.APP_ONLY && claims.roles().isEmpty()) {
      return Optional.of("The token carries no Graph application permissions");
    }
    return Optional.empty();
  }

  private static String describe(GraphTokenClaims claims) {
    String kind = claims.appOnly() ? "application permissions (roles) " : "delegated (scp) ";
    return "For Microsoft Graph, "
        + kind
        + String.join(" ", claims.permissions())
        + (claims.expiresAt() == null ? "" : ", expires " + claims.expiresAt());
  }

  /** The steps so far; the first failure ends the test. */
  private final class Steps {
    private final List<ConnectionTestResult.Step> done = new ArrayList<>();
    private final UUID accountId;
    private Refusal refusal;

    Steps(UUID accountId) {
      this.accountId = accountId;
    }

    void ok(String name, long started, String detail) {
      done.add(
          new ConnectionTestResult.Step(
              name, true, detail, clock.millis() - started, null, null, null));
    }

    ConnectionTestResult fail(
        String name,
        long started,
        String detail,
        String serverReply,
        String advice,
        Refusal refused) {
      done.add(
          new ConnectionTestResult.Step(
              name, false, detail, clock.millis() - started, serverReply, null, advice));
      refusal = refused;
      return result(false);
    }

    /** Graph refused a request: its words, the catalogue's explanation, a token's refusal kept. */
    ConnectionTestResult refused(String name, long started, GraphException e, SignIn signIn) {
      Refusal refused = e.tokenRefused() ? Refusals.classify(e.getMessage(), signIn) : null;
      Optional<Explanation> explained =
          refused != null
              ? Optional.of(refused.explanation())
              : Explanations.explain(e.getMessage(), signIn);
      return fail(
          name,
          started,
          explained.map(Explanation::meaning).orElse("Microsoft Graph refused the request."),
          e.getMessage(),
          explained
              .map(Explanation::action)
              .orElse(
                  e.temporary()
                      ? "Graph is busy or unreachable; test again in a while."
                      : "See Graph's reply above."),
          refused);
    }

    ConnectionTestResult done() {
      return result(true);
    }

    private ConnectionTestResult result(boolean ok) {
      return new ConnectionTestResult(accountId, ok, List.copyOf(done), refusal);
    }
  }
}
