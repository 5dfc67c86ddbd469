package dev.mailgate.oauth;

import dev.mailgate.system.LoopbackHost;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the presets sign in. Each must be https; http only for a host on this machine (the client
 * secret goes there).
 *
 * @param microsoftLogin the Microsoft Entra ID authority host the Microsoft 365 preset builds its
 *     endpoints on ({@code {host}/{tenant}/v2.0}...). Default {@value #MICROSOFT_LOGIN} (the global
 *     cloud); a national cloud has its own ({@code https://login.microsoftonline.us}), and the
 *     tests and the demo point it at the sandbox provider, which stands in for a tenant. Env {@code
 *     MAILGATE_PRESETS_MICROSOFT_LOGIN}.
 * @param googleAccounts the issuer the Google preset signs in with. Default {@value
 *     #GOOGLE_ACCOUNTS}, whose endpoints the preset knows; another one (a gateway that stands in
 *     for Google, or the sandbox provider in the tests) gives its endpoints in its discovery
 *     document. Env {@code MAILGATE_PRESETS_GOOGLE_ACCOUNTS}.
 */
@ConfigurationProperties("mailgate.presets")
public record PresetProperties(
    @DefaultValue(MICROSOFT_LOGIN) URI microsoftLogin,
    @DefaultValue(GOOGLE_ACCOUNTS) URI googleAccounts) {

  public static final String MICROSOFT_LOGIN = MicrosoftPreset.LOGIN;
  public static final String GOOGLE_ACCOUNTS = GooglePreset.ISSUER;

  public PresetProperties {
    microsoftLogin = checked("microsoft-login", microsoftLogin, MICROSOFT_LOGIN);
    googleAccounts = checked("google-accounts", googleAccounts, GOOGLE_ACCOUNTS);
  }

  private static URI checked(String name, URI value, String standard) {
    URI uri = value == null ? URI.create(standard) : value;
    String scheme = uri.getScheme();
    boolean clearAllowed = "http".equals(scheme) && LoopbackHost.is(uri.getHost());
    if (!"https".equals(scheme) && !clearAllowed) {
      // the client secret goes there: never in clear off this machine
      throw new IllegalArgumentException(
          "mailgate.presets."
              + name
              + " must be an https URL (http only for localhost), not "
              + uri);
    }
    return uri;
  }

  /** The authority without a trailing slash, as the preset joins paths to it. */
  String microsoftLoginBase() {
    return microsoftLogin.toString().replaceAll("/+$", "");
  }

  /** The issuer without a trailing slash, as discovery compares it. */
  String googleAccountsIssuer() {
    return googleAccounts.toString().replaceAll("/+$", "");
  }
}
