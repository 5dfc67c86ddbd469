package dev.mailgate.oauth;

import java.time.Instant;
import java.util.UUID;

/**
 * An OAuth provider registration (ServiceNow's Application Registry entry): where to send the admin
 * to sign in, where to exchange and refresh tokens, and as which client. The client secret is
 * stored encrypted and never part of this record; {@code hasClientSecret} says whether one is set.
 * {@code issResponseSupported} records the provider's promise (RFC 9207) to send {@code iss} in
 * every authorization response, so the callback can refuse one that lacks it. {@code pkce} is
 * always true: every authorization uses PKCE S256 (RFC 9700 section 2.1.1); it stays in the record
 * so that clients reading it see so. {@code deviceAuthorizationUrl} is the provider's RFC 8628
 * device authorization endpoint, or null where it offers none (or, as Google, not for mail scopes).
 */
public record OAuthProvider(
    UUID id,
    String name,
    ProviderPreset preset,
    String clientId,
    boolean hasClientSecret,
    String authorizationUrl,
    String tokenUrl,
    String revocationUrl,
    String userinfoUrl,
    String issuer,
    String jwksUrl,
    TokenAuthMethod tokenAuthMethod,
    boolean pkce,
    String prompt,
    String extraAuthParams,
    GrantType grantType,
    boolean issResponseSupported,
    Instant createdAt,
    Instant updatedAt,
    String deviceAuthorizationUrl) {

  /** Whether accounts of this provider can be authorized by the device flow (RFC 8628). */
  public boolean offersDeviceAuthorization() {
    return grantType == GrantType.AUTHORIZATION_CODE
        && deviceAuthorizationUrl != null
        && !deviceAuthorizationUrl.isBlank();
  }

  /** Which kind of provider the endpoints were filled for. */
  public enum ProviderPreset {
    MICROSOFT_365,
    GOOGLE,
    OPENID,
    CUSTOM
  }

  /**
   * How the client authenticates at the token endpoint: the client secret (in the form or as HTTP
   * Basic), or a JWT signed with the provider's certificate ({@code private_key_jwt}, RFC 7523,
   * which Microsoft recommends over secrets; {@link ClientCertificates}). Every provider here is a
   * confidential client.
   */
  public enum TokenAuthMethod {
    CLIENT_SECRET_POST,
    CLIENT_SECRET_BASIC,
    PRIVATE_KEY_JWT;

    /** Whether this method sends the client secret (else it signs with the certificate). */
    public boolean usesSecret() {
      return this != PRIVATE_KEY_JWT;
    }
  }

  /** Delegated (a person authorizes a mailbox) or app-only access. */
  public enum GrantType {
    AUTHORIZATION_CODE,
    CLIENT_CREDENTIALS
  }
}
