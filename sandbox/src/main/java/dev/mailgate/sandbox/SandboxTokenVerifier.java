package dev.mailgate.sandbox;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.Set;

/**
 * Checks an access token as a real mail provider would: an RS256 JWT signed by the sandbox issuer's
 * key (fetched from its JWKS and cached), issued by it, and not expired.
 */
final class SandboxTokenVerifier {

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  SandboxTokenVerifier(String issuer, String jwksUrl) {
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).retrying(true).build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iat")));
  }

  /**
   * @return the token's claims
   * @throws IllegalArgumentException why the token is not acceptable
   */
  JWTClaimsSet verify(String token) {
    try {
      return processor.process(token, null);
    } catch (Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
