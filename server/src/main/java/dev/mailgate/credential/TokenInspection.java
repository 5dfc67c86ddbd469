package dev.mailgate.credential;

import dev.mailgate.credential.CredentialUsers.CredentialUser;
import dev.mailgate.oauth.JdbcProviderStore;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.OAuthProvider.GrantType;
import dev.mailgate.oauth.TokenClaims;
import dev.mailgate.system.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Reads a credential's tokens for the admin ({@link TokenContents}): the access token's claims,
 * what the accounts using it need, and the {@link TokenWarnings} that follow. The tokens are
 * decrypted for this only and never leave it; what is shown is what they say about themselves.
 */
@Service
public class TokenInspection {

  private final CredentialStatuses statuses;
  private final JdbcCredentialStore credentials;
  private final JdbcProviderStore providers;
  private final CredentialUsers users;
  private final Clock clock;

  TokenInspection(
      CredentialStatuses statuses,
      JdbcCredentialStore credentials,
      JdbcProviderStore providers,
      CredentialUsers users,
      Clock clock) {
    this.statuses = statuses;
    this.credentials = credentials;
    this.providers = providers;
    this.users = users;
    this.clock = clock;
  }

  public TokenContents inspect(UUID credentialId) {
    CredentialStatus status =
        statuses
            .find(credentialId)
            .orElseThrow(() -> new NotFoundException("credential", credentialId));
    OAuthProvider provider =
        providers
            .find(status.providerId())
            .orElseThrow(() -> new NotFoundException("provider", status.providerId()));
    TokenSet tokens = credentials.tokens(credentialId).orElseThrow();
    TokenClaims claims = TokenClaims.read(tokens.accessToken()).orElse(null);
    List<String> protocols =
        users.accountsUsing(status.providerId(), status.identity()).stream()
            .map(CredentialUser::protocol)
            .filter(Objects::nonNull)
            .distinct()
            .sorted()
            .toList();
    Long ageDays =
        status.hasRefreshToken() && status.refreshTokenIssuedAt() != null
            ? Duration.between(status.refreshTokenIssuedAt(), clock.instant()).toDays()
            : null;
    List<String> granted = tokens.scopes() == null ? List.of() : tokens.scopes();
    return new TokenContents(
        credentialId,
        status.identity(),
        status.providerName(),
        claims,
        granted,
        protocols,
        status.hasRefreshToken(),
        status.refreshTokenIssuedAt(),
        ageDays,
        TokenWarnings.of(
            provider.preset(),
            protocols,
            claims,
            granted,
            status.hasRefreshToken(),
            provider.grantType() == GrantType.CLIENT_CREDENTIALS,
            ageDays));
  }
}
