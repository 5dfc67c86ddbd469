package dev.mailgate.oauth;

import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.system.InvalidInputException;
import java.util.List;

/**
 * Google (Gmail, Google Workspace). Google issues a refresh token only with {@code
 * access_type=offline}, and again on a later authorization only with {@code prompt=consent}; both
 * travel as extra parameters, so the Prompt field stays empty and {@code prompt} is sent once.
 *
 * <p>Google's endpoints are the documented ones ({@code
 * https://accounts.google.com/.well-known/openid-configuration} lists the same). Where another
 * issuer stands in for Google ({@code mailgate.presets.google-accounts}: a gateway in between, or
 * the sandbox in the tests), the endpoints are read from that issuer's discovery document, so the
 * preset needs no second list of them.
 */
final class GooglePreset {

  static final String AUTHORIZE = "https://accounts.google.com/o/oauth2/v2/auth";
  static final String TOKEN = "https://oauth2.googleapis.com/token";
  static final String REVOKE = "https://oauth2.googleapis.com/revoke";
  static final String USERINFO = "https://openidconnect.googleapis.com/v1/userinfo";
  static final String ISSUER = "https://accounts.google.com";
  static final String JWKS = "https://www.googleapis.com/oauth2/v3/certs";
  static final String EXTRA = "access_type=offline&prompt=consent";
  static final List<String> GMAIL = List.of("https://mail.google.com/", "openid", "email");

  /**
   * Google offers a device endpoint, but not for Gmail: its "OAuth 2.0 for TV and Limited-Input
   * Device Applications" allows only a short list of scopes, and {@code https://mail.google.com/}
   * is not among them. So the preset sets none, and the UI and README say why.
   */
  static final String NO_DEVICE_FLOW =
      "Google does not allow Gmail scopes with the device flow (OAuth for limited-input"
          + " devices); authorize Google accounts in a browser, or send the mailbox owner a link.";

  private final String accounts;
  private final ProviderDiscovery discovery;

  /**
   * @param accounts Google's issuer, {@value #ISSUER}, or the one that stands in for it
   */
  GooglePreset(String accounts, ProviderDiscovery discovery) {
    this.accounts = accounts;
    this.discovery = discovery;
  }

  PresetDraft fill(ProviderInput in) {
    if (ProviderRules.grantType(in) != GrantType.AUTHORIZATION_CODE) {
      throw new InvalidInputException(
          "grantType",
          "Google gives Gmail access only with a person's consent: choose the authorization code"
              + " grant (client credentials are not offered for Gmail).");
    }
    String authorize = AUTHORIZE;
    String token = TOKEN;
    String revoke = REVOKE;
    String userinfo = USERINFO;
    String issuer = ISSUER;
    String jwks = JWKS;
    if (!ISSUER.equals(accounts)) {
      DiscoveredProvider found = discovered();
      authorize = found.authorizationUrl();
      token = found.tokenUrl();
      revoke = found.revocationUrl();
      userinfo = found.userinfoUrl();
      issuer = found.issuer();
      jwks = found.jwksUrl();
    }
    NewProvider provider =
        new NewProvider(
            ProviderRules.trim(in.name()) == null ? "Google" : in.name(),
            ProviderPreset.GOOGLE,
            in.clientId(),
            in.clientSecret(),
            authorize,
            token,
            revoke,
            userinfo,
            issuer,
            jwks,
            ProviderRules.tokenAuthMethod(in, TokenAuthMethod.CLIENT_SECRET_POST),
            true,
            null,
            EXTRA,
            GrantType.AUTHORIZATION_CODE,
            false,
            null);
    return new PresetDraft(provider, List.of(new PresetDraft.Profile("Gmail", GMAIL)));
  }

  private DiscoveredProvider discovered() {
    try {
      return discovery.discover(accounts);
    } catch (DiscoveryFailedException e) {
      throw new InvalidInputException(
          "preset",
          "Could not read the endpoints of "
              + accounts
              + " (mailgate.presets.google-accounts, standing in for Google): "
              + e.getMessage());
    }
  }
}
