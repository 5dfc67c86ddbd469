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

  private GooglePreset() {}

  static PresetDraft fill(ProviderInput in) {
    if (ProviderRules.grantType(in) != GrantType.AUTHORIZATION_CODE) {
      throw new InvalidInputException(
          "grantType",
          "Google gives Gmail access only with a person's consent: choose the authorization code"
              + " grant (client credentials are not offered for Gmail).");
    }
    NewProvider provider =
        new NewProvider(
            ProviderRules.trim(in.name()) == null ? "Google" : in.name(),
            ProviderPreset.GOOGLE,
            in.clientId(),
            in.clientSecret(),
            AUTHORIZE,
            TOKEN,
            REVOKE,
            USERINFO,
            ISSUER,
            JWKS,
            ProviderRules.tokenAuthMethod(in, TokenAuthMethod.CLIENT_SECRET_POST),
            true,
            null,
            EXTRA,
            GrantType.AUTHORIZATION_CODE,
            false,
            null);
    return new PresetDraft(provider, List.of(new PresetDraft.Profile("Gmail", GMAIL)));
  }
}
