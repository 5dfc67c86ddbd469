package dev.mailgate.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.X509CertUtils;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.JWTID;
import dev.mailgate.oauth.ProviderClient.Registration;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * How a provider's client proves itself at the token and revocation endpoints: its secret, or a
 * client assertion signed with its certificate (RFC 7523 section 2.2). The assertion names the
 * certificate by {@code x5t#S256} (Entra ID looks the key up by thumbprint), its audience is the
 * endpoint it is sent to, and it lives {@link #ASSERTION_LIFETIME}: one request, never reused (a
 * fresh {@code jti} each time).
 */
final class ClientAuthentications {

  /** Short: an assertion is made for one request (mock-oauth2-server refuses more than 120 s). */
  static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(1);

  private ClientAuthentications() {}

  /**
   * @return empty when the provider has no secret and signs with no certificate: the request then
   *     names the client id only
   * @throws ProviderCallException if the provider signs with a certificate and none is stored
   */
  static Optional<ClientAuthentication> of(Registration registration, URI endpoint, Clock clock) {
    OAuthProvider provider = registration.provider();
    ClientID id = new ClientID(provider.clientId());
    if (provider.tokenAuthMethod() == OAuthProvider.TokenAuthMethod.PRIVATE_KEY_JWT) {
      SigningKey key = registration.signingKey();
      if (key == null) {
        throw new ProviderCallException(
            "Provider '"
                + provider.name()
                + "' authenticates with a certificate, but none is stored: generate or import one"
                + " on the provider page and upload it to the app registration.",
            endpoint.toString(),
            null,
            false);
      }
      return Optional.of(assertion(id, key, endpoint, clock.instant()));
    }
    if (registration.clientSecret() == null) {
      return Optional.empty();
    }
    Secret secret = new Secret(registration.clientSecret());
    return Optional.of(
        provider.tokenAuthMethod() == OAuthProvider.TokenAuthMethod.CLIENT_SECRET_BASIC
            ? new ClientSecretBasic(id, secret)
            : new ClientSecretPost(id, secret));
  }

  private static PrivateKeyJWT assertion(ClientID id, SigningKey key, URI endpoint, Instant now) {
    JWTAuthenticationClaimsSet claims =
        new JWTAuthenticationClaimsSet(
            id,
            List.of(new Audience(endpoint.toString())),
            Date.from(now.plus(ASSERTION_LIFETIME)),
            Date.from(now),
            Date.from(now),
            new JWTID());
    try {
      return new PrivateKeyJWT(
          claims,
          JWSAlgorithm.RS256,
          key.privateKey(),
          null,
          null,
          X509CertUtils.computeSHA256Thumbprint(key.certificate()),
          null);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a client assertion with RS256", e);
    }
  }
}
