package dev.mailgate.sandbox;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Set;

/**
 * Checks an access token as a real mail provider does before it looks at who it is for: an RS256
 * JWT signed with the sandbox issuer's key (fetched from its JWKS over HTTP and cached), issued by
 * it, and not expired on the given clock, with no leeway: the provider and the mail server share
 * one clock, and a token refresher that cuts it close should fail here rather than in production.
 */
final class SandboxTokenVerifier {

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  SandboxTokenVerifier(String issuer, String jwksUrl, Clock clock) {
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).retrying(true).build();
    } catch (MalformedURLException e) {
      throw new SandboxException("not a JWKS URL: " + jwksUrl, e);
    }
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("exp", "iat")) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew(0);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * @return the token's claims
   * @throws RefusedTokenException why the token is not acceptable, in nimbus's words
   */
  JWTClaimsSet verify(String token) {
    try {
      return processor.process(token, null);
    } catch (ParseException e) {
      throw new RefusedTokenException("not a JWT: " + e.getMessage());
    } catch (BadJOSEException e) {
      throw new RefusedTokenException(e.getMessage());
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new RefusedTokenException("cannot check the signature: " + e.getMessage());
    }
  }

  /** A token the mail server does not accept, and why. */
  static final class RefusedTokenException extends SandboxException {
    RefusedTokenException(String reason) {
      super(reason);
    }
  }
}
