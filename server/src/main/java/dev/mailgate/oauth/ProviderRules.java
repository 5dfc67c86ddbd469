package dev.mailgate.oauth;

import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.OAuthProvider.TokenAuthMethod;
import dev.mailgate.security.outboundurl.OutboundUrlGuard;
import dev.mailgate.security.outboundurl.OutboundUrlRefusedException;
import dev.mailgate.system.EnumInput;
import dev.mailgate.system.InvalidInputException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * What makes a provider registration usable, checked the same way for the UI, the REST API and
 * presets; each refusal names the field and says what to enter instead.
 */
@Component
class ProviderRules {

  static final int MAX_NAME = 200;

  private final JdbcProviderStore providers;
  private final OutboundUrlGuard guard;

  ProviderRules(JdbcProviderStore providers, OutboundUrlGuard guard) {
    this.providers = providers;
    this.guard = guard;
  }

  /**
   * The provider exactly as entered, with its choices read; {@link #check} comes next.
   *
   * @param existing the stored provider whose choices stand where the input leaves one out, or null
   *     for a new provider
   */
  NewProvider fromInput(ProviderInput in, ProviderPreset preset, OAuthProvider existing) {
    refusePkceOff(in);
    if (existing != null) {
      return new NewProvider(
          in.name(),
          preset,
          in.clientId(),
          in.clientSecret(),
          in.authorizationUrl(),
          in.tokenUrl(),
          in.revocationUrl(),
          in.userinfoUrl(),
          in.issuer(),
          in.jwksUrl(),
          tokenAuthMethod(in, existing.tokenAuthMethod()),
          true,
          in.prompt(),
          in.extraAuthParams(),
          EnumInput.parse(
              GrantType.class, "grantType", in.grantType(), existing.grantType(), "grant type"),
          in.issResponseSupported() == null
              ? existing.issResponseSupported()
              : in.issResponseSupported(),
          in.deviceAuthorizationUrl());
    }
    return new NewProvider(
        in.name(),
        preset,
        in.clientId(),
        in.clientSecret(),
        in.authorizationUrl(),
        in.tokenUrl(),
        in.revocationUrl(),
        in.userinfoUrl(),
        in.issuer(),
        in.jwksUrl(),
        tokenAuthMethod(in, TokenAuthMethod.CLIENT_SECRET_POST),
        true,
        in.prompt(),
        in.extraAuthParams(),
        grantType(in),
        in.issResponseSupported() != null && in.issResponseSupported(),
        in.deviceAuthorizationUrl());
  }

  /**
   * PKCE S256 is no choice: RFC 9700 section 2.1.1 recommends it for confidential clients too, and
   * a server that does not know it ignores its parameters (RFC 7636), so nothing is gained by
   * turning it off. A request that asks for that is told so rather than silently overruled.
   */
  static void refusePkceOff(ProviderInput in) {
    if (Boolean.FALSE.equals(in.pkce())) {
      throw new InvalidInputException(
          "pkce",
          "PKCE (S256) is always used and cannot be turned off: a provider that does not support"
              + " it ignores it (RFC 7636). Leave pkce out or set it to true.");
    }
  }

  static TokenAuthMethod tokenAuthMethod(ProviderInput in, TokenAuthMethod fallback) {
    return EnumInput.parse(
        TokenAuthMethod.class,
        "tokenAuthMethod",
        in.tokenAuthMethod(),
        fallback,
        "token authentication method");
  }

  static GrantType grantType(ProviderInput in) {
    return EnumInput.parse(
        GrantType.class, "grantType", in.grantType(), GrantType.AUTHORIZATION_CODE, "grant type");
  }

  /**
   * Checks a provider before it is stored and returns it tidied (blanks stripped, empty = null).
   *
   * @param self the provider being updated, or null for a new one
   * @param hasStoredSecret whether an update may keep the stored client secret
   */
  NewProvider check(NewProvider p, UUID self, boolean hasStoredSecret) {
    String name = name(p.name(), self);
    String clientId = trim(p.clientId());
    if (clientId == null) {
      throw new InvalidInputException(
          "clientId", "Enter the client id (the application id the provider issued for Mailgate).");
    }
    String authorizationUrl =
        EndpointUrls.check(
            "authorizationUrl",
            "authorization URL",
            p.authorizationUrl(),
            p.grantType() == GrantType.AUTHORIZATION_CODE
                ? "Enter the authorization URL: with the authorization code grant the admin signs"
                    + " in there."
                : null);
    String tokenUrl =
        EndpointUrls.check(
            "tokenUrl",
            "token URL",
            p.tokenUrl(),
            "Enter the token URL: Mailgate obtains and refreshes tokens there.");
    String revocationUrl =
        EndpointUrls.check("revocationUrl", "revocation URL", p.revocationUrl(), null);
    String userinfoUrl = EndpointUrls.check("userinfoUrl", "userinfo URL", p.userinfoUrl(), null);
    String issuer = EndpointUrls.check("issuer", "issuer", p.issuer(), null);
    String jwksUrl = EndpointUrls.check("jwksUrl", "JWKS URL", p.jwksUrl(), null);
    String deviceUrl =
        p.grantType() == GrantType.AUTHORIZATION_CODE
            ? EndpointUrls.check(
                "deviceAuthorizationUrl",
                "device authorization URL",
                p.deviceAuthorizationUrl(),
                null)
            : null;
    guarded("deviceAuthorizationUrl", deviceUrl);
    guarded("authorizationUrl", authorizationUrl);
    guarded("tokenUrl", tokenUrl);
    guarded("revocationUrl", revocationUrl);
    guarded("userinfoUrl", userinfoUrl);
    guarded("issuer", issuer);
    guarded("jwksUrl", jwksUrl);
    String secret =
        p.clientSecret() == null || p.clientSecret().isBlank() ? null : p.clientSecret();
    if (secret == null && !hasStoredSecret && p.tokenAuthMethod().usesSecret()) {
      throw new InvalidInputException(
          "clientSecret",
          "Enter the client secret: a client that authenticates with "
              + p.tokenAuthMethod().name().toLowerCase(Locale.ROOT)
              + " is confidential and needs one (create it at the provider, e.g. under"
              + " Certificates & secrets in Microsoft Entra ID).");
    }
    String prompt = AuthorizeParameters.prompt(p.prompt());
    String extra = AuthorizeParameters.extra(p.extraAuthParams(), prompt != null);
    return new NewProvider(
        name,
        p.preset(),
        clientId,
        secret,
        authorizationUrl,
        tokenUrl,
        revocationUrl,
        userinfoUrl,
        issuer,
        jwksUrl,
        p.tokenAuthMethod(),
        true,
        prompt,
        extra,
        p.grantType(),
        p.issResponseSupported(),
        deviceUrl);
  }

  /** The outbound-URL guard's check of a URL being saved (scheme, address literal). */
  private void guarded(String field, String url) {
    if (url == null) {
      return;
    }
    try {
      guard.checkConfigured(URI.create(url));
    } catch (OutboundUrlRefusedException e) {
      throw new InvalidInputException(field, e.getMessage());
    }
  }

  private String name(String value, UUID self) {
    String name = trim(value);
    if (name == null) {
      throw new InvalidInputException(
          "name", "Enter a name for the provider, e.g. 'Contoso Microsoft 365'.");
    }
    if (name.length() > MAX_NAME) {
      throw new InvalidInputException(
          "name", "The name is longer than " + MAX_NAME + " characters; shorten it.");
    }
    boolean taken =
        providers.list().stream()
            .anyMatch(other -> other.name().equalsIgnoreCase(name) && !other.id().equals(self));
    if (taken) {
      throw new InvalidInputException(
          "name", "A provider named '" + name + "' exists already; choose another name.");
    }
    return name;
  }

  static String trim(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  static List<String> words(String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
  }
}
