package dev.mailgate.oauth;

import java.util.HashMap;
import java.util.Map;

/**
 * The provider form of the UI as field name to text, both ways: what the browser posted, read as
 * the same {@link ProviderInput} the REST API takes, and a stored provider to fill the form with.
 * The client secret never goes back into a form.
 */
final class ProviderForm {

  private ProviderForm() {}

  /** A browser leaves an unticked checkbox out of the form: absent means false. */
  static ProviderInput input(Map<String, String> form) {
    return new ProviderInput(
        form.get("name"),
        form.get("preset"),
        form.get("tenant"),
        form.get("issuer"),
        form.get("clientId"),
        form.get("clientSecret"),
        form.get("authorizationUrl"),
        form.get("tokenUrl"),
        form.get("revocationUrl"),
        form.get("userinfoUrl"),
        form.get("jwksUrl"),
        form.get("tokenAuthMethod"),
        form.get("grantType"),
        null, // PKCE is always on: the form has no switch for it
        form.get("prompt"),
        form.get("extraAuthParams"),
        form.containsKey("issResponseSupported"),
        form.get("scopes"),
        form.get("deviceAuthorizationUrl"),
        form.get("clientSecretExpiresOn"));
  }

  /** The values to show again after a refusal: everything but the secret. */
  static Map<String, String> echo(Map<String, String> form) {
    Map<String, String> values = new HashMap<>(form);
    values.remove("clientSecret");
    values.remove("_csrf");
    return values;
  }

  static Map<String, String> of(OAuthProvider p) {
    Map<String, String> values = new HashMap<>();
    values.put("name", p.name());
    values.put("preset", p.preset().name());
    values.put("clientId", p.clientId());
    values.put("authorizationUrl", p.authorizationUrl());
    values.put("tokenUrl", p.tokenUrl());
    values.put("revocationUrl", p.revocationUrl());
    values.put("userinfoUrl", p.userinfoUrl());
    values.put("issuer", p.issuer());
    values.put("jwksUrl", p.jwksUrl());
    values.put("tokenAuthMethod", p.tokenAuthMethod().name());
    values.put("grantType", p.grantType().name());
    values.put("prompt", p.prompt());
    values.put("extraAuthParams", p.extraAuthParams());
    values.put("deviceAuthorizationUrl", p.deviceAuthorizationUrl());
    if (p.issResponseSupported()) {
      values.put("issResponseSupported", "on");
    }
    return values;
  }
}
