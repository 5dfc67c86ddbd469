package dev.mailgate.oauth;

import dev.mailgate.testing.Ports;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Every way to get a provider wrong, with the field the refusal names and what it says: the same
 * cases run against the REST API and the UI form, because both must refuse alike.
 */
final class ProviderCases {

  /** A provider that already exists when the cases run. */
  static final String TAKEN = "Taken provider";

  private ProviderCases() {}

  /**
   * @param change fields to set over a valid custom provider; a null value removes the field
   */
  record Case(String what, Map<String, String> change, String field, String message) {

    Map<String, String> fields() {
      Map<String, String> fields = valid();
      change.forEach(
          (name, value) -> {
            if (value == null) {
              fields.remove(name);
            } else {
              fields.put(name, value);
            }
          });
      return fields;
    }

    @Override
    public String toString() {
      return what;
    }
  }

  static Map<String, String> valid() {
    Map<String, String> fields = new HashMap<>();
    fields.put("name", "Provider " + UUID.randomUUID());
    fields.put("preset", "CUSTOM");
    fields.put("clientId", "mailgate");
    fields.put("clientSecret", "s3cret");
    fields.put("authorizationUrl", "https://login.example.test/authorize");
    fields.put("tokenUrl", "https://login.example.test/token");
    fields.put("grantType", "AUTHORIZATION_CODE");
    fields.put("tokenAuthMethod", "CLIENT_SECRET_POST");
    return fields;
  }

  static Stream<Case> all() {
    return Stream.of(
        new Case("name empty", Map.of("name", " "), "name", "Enter a name for the provider"),
        new Case(
            "name taken, in any case",
            Map.of("name", "taken PROVIDER"),
            "name",
            "A provider named 'taken PROVIDER' exists already; choose another name."),
        new Case(
            "name too long", Map.of("name", "x".repeat(201)), "name", "longer than 200 characters"),
        new Case("client id empty", Map.of("clientId", ""), "clientId", "Enter the client id"),
        new Case(
            "client secret empty",
            Map.of("clientSecret", ""),
            "clientSecret",
            "Enter the client secret: a client that authenticates with client_secret_post is"
                + " confidential and needs one"),
        new Case(
            "authorization URL missing for the authorization code grant",
            Map.of("authorizationUrl", ""),
            "authorizationUrl",
            "Enter the authorization URL"),
        new Case("token URL missing", Map.of("tokenUrl", ""), "tokenUrl", "Enter the token URL"),
        new Case(
            "token URL not a URL",
            Map.of("tokenUrl", "login example"),
            "tokenUrl",
            "The token URL 'login example' is not a valid URL"),
        new Case(
            "token URL not http(s)",
            Map.of("tokenUrl", "ftp://login.example.test/token"),
            "tokenUrl",
            "is not a valid URL"),
        new Case(
            "token URL plain http to another machine",
            Map.of("tokenUrl", "http://login.example.test/token"),
            "tokenUrl",
            "The token URL 'http://login.example.test/token' must start with https://"),
        new Case(
            "JWKS URL plain http to a private address",
            Map.of("jwksUrl", "http://10.0.0.1/jwks"),
            "jwksUrl",
            "must start with https://"),
        new Case(
            "revocation URL with a fragment",
            Map.of("revocationUrl", "https://login.example.test/revoke#x"),
            "revocationUrl",
            "must not contain a fragment"),
        new Case(
            "unknown preset",
            Map.of("preset", "AZURE"),
            "preset",
            "Unknown preset 'AZURE'; use one of MICROSOFT_365, GOOGLE, OPENID, CUSTOM."),
        new Case(
            "unknown grant type",
            Map.of("grantType", "implicit"),
            "grantType",
            "Unknown grant type 'implicit'; use one of AUTHORIZATION_CODE, CLIENT_CREDENTIALS."),
        new Case(
            "unknown token authentication method",
            Map.of("tokenAuthMethod", "client_secret_jwt"),
            "tokenAuthMethod",
            "Unknown token authentication method 'client_secret_jwt'"),
        new Case(
            "unknown prompt",
            Map.of("prompt", "always"),
            "prompt",
            "Unknown prompt value 'always'"),
        new Case(
            "prompt given twice",
            Map.of("prompt", "select_account", "extraAuthParams", "access_type=offline&prompt=x"),
            "extraAuthParams",
            "prompt is set twice"),
        new Case(
            "extra parameter Mailgate sets itself",
            Map.of("extraAuthParams", "state=abc"),
            "extraAuthParams",
            "'state' is set by Mailgate itself"),
        new Case(
            "extra parameter without a name",
            Map.of("extraAuthParams", "=abc"),
            "extraAuthParams",
            "has no name"),
        new Case(
            "Microsoft 365 without a tenant",
            Map.of("preset", "MICROSOFT_365"),
            "tenant",
            "Enter the Microsoft Entra tenant"),
        new Case(
            "Microsoft 365 for any tenant",
            Map.of("preset", "MICROSOFT_365", "tenant", "organizations"),
            "tenant",
            "'organizations' lets any tenant sign in"),
        new Case(
            "Microsoft 365 tenant that is no tenant",
            Map.of("preset", "MICROSOFT_365", "tenant", "not a tenant!"),
            "tenant",
            "is neither a tenant id (GUID) nor a domain name"),
        new Case(
            "Google with app-only access",
            Map.of("preset", "GOOGLE", "grantType", "CLIENT_CREDENTIALS"),
            "grantType",
            "choose the authorization code grant"),
        new Case(
            "OpenID without an issuer",
            Map.of("preset", "OPENID"),
            "issuer",
            "Enter the provider's issuer URL"),
        new Case(
            "OpenID issuer nobody answers at",
            Map.of("preset", "OPENID", "issuer", "http://127.0.0.1:" + Ports.dead()),
            "issuer",
            "connection refused"));
  }
}
