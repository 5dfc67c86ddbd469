package dev.mailgate.credential;

import dev.mailgate.oauth.TokenClaims;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a credential's tokens hold, as the credential page and {@code GET
 * /api/v1/credentials/{id}/contents} show it: the access token's claims where it is a JWT
 * (Microsoft), else only what the token response said (Google's tokens are opaque), the refresh
 * token's presence and age, and the warnings derived from them.
 *
 * @param claims the access token's claims, or null for an opaque token
 * @param grantedScopes the scopes the token response granted (or the ones asked for)
 * @param protocols the protocols of the accounts signing in with it
 * @param refreshTokenAgeDays whole days since the refresh token was issued, or null without one
 */
public record TokenContents(
    UUID credentialId,
    String identity,
    String providerName,
    TokenClaims claims,
    List<String> grantedScopes,
    List<String> protocols,
    boolean hasRefreshToken,
    Instant refreshTokenIssuedAt,
    Long refreshTokenAgeDays,
    List<TokenWarning> warnings) {}
