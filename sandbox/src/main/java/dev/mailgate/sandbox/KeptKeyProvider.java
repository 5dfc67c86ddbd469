package dev.mailgate.sandbox;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import no.nav.security.mock.oauth2.token.KeyProvider;

/**
 * mock-oauth2-server's key provider starting from the sandbox's kept signing key (a new one on the
 * first run), and keeping the key it signs the sandbox issuer's tokens with ({@link SandboxState}).
 */
final class KeptKeyProvider extends KeyProvider {

  private final SandboxState state;

  KeptKeyProvider(SandboxState state) {
    super(state.signingKeys(), JWSAlgorithm.RS256.getName());
    this.state = state;
  }

  @Override
  public JWK signingKey(String keyId) {
    JWK key = super.signingKey(keyId);
    if (SandboxOAuthProvider.ISSUER_ID.equals(keyId)) {
      state.keepSigningKey(key);
    }
    return key;
  }
}
