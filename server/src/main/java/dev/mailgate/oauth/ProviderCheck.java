package dev.mailgate.oauth;

import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.security.outboundurl.OutboundUrlRefusedException;
import dev.mailgate.system.MailgateException;
import dev.mailgate.system.MailgateProperties;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * "Test provider": does each endpoint answer, does the provider's discovery document still say what
 * is stored (providers move endpoints and rotate policies), and for app-only access, does the token
 * endpoint hand out a token for this client. Each step is timed and said in words; a failed step
 * does not stop the others, so one run shows everything that is wrong.
 */
@Component
class ProviderCheck {

  private final ProviderDiscovery discovery;
  private final Clock clock;
  private final ClientCredentialsProbe tokens;
  private final EndpointProbe probe;

  ProviderCheck(
      ProviderDiscovery discovery, ProviderHttp http, Clock clock, MailgateProperties properties) {
    this.discovery = discovery;
    this.tokens = new ClientCredentialsProbe(http, clock);
    this.probe = new EndpointProbe(http, properties.oauthRedirectUri(), clock);
    this.clock = clock;
  }

  List<CheckStep> run(OAuthProvider provider, String clientSecret, List<String> appOnlyScopes) {
    return run(new ProviderClient.Registration(provider, clientSecret, null), appOnlyScopes);
  }

  List<CheckStep> run(ProviderClient.Registration registration, List<String> appOnlyScopes) {
    OAuthProvider provider = registration.provider();
    List<CheckStep> steps = new ArrayList<>();
    if (provider.grantType() == GrantType.AUTHORIZATION_CODE) {
      answers(
          steps,
          "Authorization endpoint",
          provider.authorizationUrl(),
          () -> probe.authorization(provider));
    }
    answers(steps, "Token endpoint", provider.tokenUrl(), () -> probe.token(registration));
    answers(
        steps,
        "Revocation endpoint",
        provider.revocationUrl(),
        () -> probe.revocation(registration));
    answers(steps, "Userinfo endpoint", provider.userinfoUrl(), () -> probe.userinfo(provider));
    answers(steps, "JWKS", provider.jwksUrl(), () -> probe.jwks(provider));
    if (provider.preset() != ProviderPreset.CUSTOM && provider.issuer() != null) {
      compareWithDiscovery(steps, provider);
    }
    if (provider.grantType() == GrantType.CLIENT_CREDENTIALS) {
      long start = clock.millis();
      ClientCredentialsProbe.Outcome outcome = tokens.obtain(registration, appOnlyScopes);
      steps.add(
          new CheckStep(
              "Client credentials token", outcome.ok(), outcome.detail(), clock.millis() - start));
    }
    return steps;
  }

  /** One endpoint's question. */
  private interface Question {
    EndpointProbe.Verdict ask() throws IOException;
  }

  private void answers(List<CheckStep> steps, String name, String url, Question question) {
    if (url == null) {
      return;
    }
    long start = clock.millis();
    URI uri = URI.create(url);
    try {
      EndpointProbe.Verdict verdict = question.ask();
      steps.add(
          new CheckStep(name + " answers", verdict.ok(), verdict.detail(), clock.millis() - start));
    } catch (IOException e) {
      steps.add(
          new CheckStep(
              name + " answers",
              false,
              url + ": " + NetworkFailures.describe(uri, e),
              clock.millis() - start));
    } catch (OutboundUrlRefusedException | ProviderCallException e) {
      steps.add(new CheckStep(name + " answers", false, e.getMessage(), clock.millis() - start));
    }
  }

  private void compareWithDiscovery(List<CheckStep> steps, OAuthProvider provider) {
    long start = clock.millis();
    DiscoveredProvider found;
    try {
      found = discovery.discover(provider.issuer());
    } catch (MailgateException e) {
      steps.add(new CheckStep("Discovery", false, e.getMessage(), clock.millis() - start));
      return;
    }
    List<String> differences = new ArrayList<>();
    differ(differences, "authorization URL", provider.authorizationUrl(), found.authorizationUrl());
    differ(differences, "token URL", provider.tokenUrl(), found.tokenUrl());
    differ(differences, "revocation URL", provider.revocationUrl(), found.revocationUrl());
    if (found.openId()) {
      differ(differences, "userinfo URL", provider.userinfoUrl(), found.userinfoUrl());
    }
    differ(differences, "JWKS URL", provider.jwksUrl(), found.jwksUrl());
    if (provider.issResponseSupported() != found.issResponseSupported()) {
      differences.add(
          "'iss in the authorization response' is stored as "
              + provider.issResponseSupported()
              + ", the provider says "
              + found.issResponseSupported());
    }
    long millis = clock.millis() - start;
    if (differences.isEmpty()) {
      steps.add(
          new CheckStep(
              "Discovery", true, found.documentUrl() + " matches the stored endpoints", millis));
    }
    for (String difference : differences) {
      steps.add(new CheckStep("Discovery differs", false, difference, millis));
    }
  }

  private static void differ(List<String> differences, String what, String stored, String found) {
    if (!Objects.equals(stored, found)) {
      differences.add(
          "the "
              + what
              + " is "
              + (stored == null ? "not set" : stored)
              + " here, the provider says "
              + (found == null ? "none" : found));
    }
  }
}
