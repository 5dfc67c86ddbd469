package dev.mailgate.oauth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Validates ID tokens (OpenID Connect Core §3.1.3.7): RS256 signature against the provider's JWKS,
 * issuer, audience = our client id, expiry (with Nimbus's default clock skew) and the nonce we
 * sent. One validator per provider configuration, so the JWKS is fetched once and cached.
 */
@Component
public class IdTokenVerifier {

  private final Map<String, IDTokenValidator> validators = new ConcurrentHashMap<>();
  private final GuardedJwksRetriever jwks;

  IdTokenVerifier(ProviderHttp http) {
    this.jwks = new GuardedJwksRetriever(http);
  }

  /**
   * @return the validated claims
   * @throws IllegalArgumentException with the reason, if the token is not valid
   */
  public Map<String, Object> verify(OAuthProvider provider, String idToken, String nonce) {
    if (provider.issuer() == null || provider.jwksUrl() == null) {
      throw new IllegalArgumentException(
          "the provider has no issuer or JWKS URL configured to check it against");
    }
    try {
      JWT jwt = JWTParser.parse(idToken);
      return validator(provider)
          .validate(jwt, nonce == null ? null : new Nonce(nonce))
          .toJWTClaimsSet()
          .getClaims();
    } catch (ParseException e) {
      throw new IllegalArgumentException("it is not a JWT (" + e.getMessage() + ")");
    } catch (BadJOSEException | JOSEException e) {
      throw new IllegalArgumentException(e.getMessage());
    } catch (com.nimbusds.oauth2.sdk.ParseException e) {
      throw new IllegalArgumentException("its claims are malformed (" + e.getMessage() + ")");
    }
  }

  private IDTokenValidator validator(OAuthProvider provider) {
    String key =
        provider.id()
            + "|"
            + provider.issuer()
            + "|"
            + provider.jwksUrl()
            + "|"
            + provider.clientId();
    return validators.computeIfAbsent(
        key,
        k -> {
          try {
            return new IDTokenValidator(
                new Issuer(provider.issuer()),
                new ClientID(provider.clientId()),
                JWSAlgorithm.RS256,
                URI.create(provider.jwksUrl()).toURL(),
                jwks);
          } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the JWKS URL is malformed: " + e.getMessage());
          }
        });
  }
}
