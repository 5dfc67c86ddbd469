package dev.mailgate.oauth;

import dev.mailgate.system.LoopbackHost;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the presets sign in.
 *
 * @param microsoftLogin the Microsoft Entra ID authority host the Microsoft 365 preset builds its
 *     endpoints on ({@code {host}/{tenant}/v2.0}...). Default {@value #MICROSOFT_LOGIN} (the global
 *     cloud); a national cloud has its own ({@code https://login.microsoftonline.us}), and the
 *     tests and the demo point it at the sandbox provider, which stands in for a tenant. Must be
 *     https; http only for a host on this machine. Env {@code MAILGATE_PRESETS_MICROSOFT_LOGIN}.
 */
@ConfigurationProperties("mailgate.presets")
public record PresetProperties(@DefaultValue(MICROSOFT_LOGIN) URI microsoftLogin) {

  public static final String MICROSOFT_LOGIN = MicrosoftPreset.LOGIN;

  public PresetProperties {
    microsoftLogin = microsoftLogin == null ? URI.create(MICROSOFT_LOGIN) : microsoftLogin;
    String scheme = microsoftLogin.getScheme();
    boolean clearAllowed = "http".equals(scheme) && LoopbackHost.is(microsoftLogin.getHost());
    if (!"https".equals(scheme) && !clearAllowed) {
      // the client secret goes there: never in clear off this machine
      throw new IllegalArgumentException(
          "mailgate.presets.microsoft-login must be an https URL (http only for localhost), not "
              + microsoftLogin);
    }
  }

  /** The authority without a trailing slash, as the preset joins paths to it. */
  String microsoftLoginBase() {
    return microsoftLogin.toString().replaceAll("/+$", "");
  }
}
