package dev.mailgate.credential;

import dev.mailgate.oauth.IssuedTokens;
import dev.mailgate.oauth.OAuthProvider;
import dev.mailgate.oauth.ProviderClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Service;

/**
 * App-only tokens (client credentials grant): fetched when first needed and kept in memory per
 * provider and scopes until the refresh margin before their expiry. Nothing is stored: a node that
 * starts simply fetches a new one. Tokens without a stated lifetime are not kept.
 */
@Service
public class ClientCredentialsTokens {

  private record Key(UUID providerId, List<String> scopes) {}

  /** A cached token and when it came: its lifetime sets how early it is replaced (ADR 0021). */
  private record Cached(AccessToken token, Instant fetchedAt) {}

  private final ProviderClient client;
  private final RefreshSchedule schedule;
  private final Clock clock;
  private final ConcurrentMap<Key, Cached> cache = new ConcurrentHashMap<>();
  private final SingleFlight<Key, AccessToken> flights = new SingleFlight<>();

  ClientCredentialsTokens(ProviderClient client, RefreshSchedule schedule, Clock clock) {
    this.client = client;
    this.schedule = schedule;
    this.clock = clock;
  }

  /**
   * A token for the client itself with these scopes, from the cache or the token endpoint.
   *
   * @throws dev.mailgate.oauth.ProviderCallException when the provider refuses or does not answer
   */
  public AccessToken token(OAuthProvider provider, List<String> scopes) {
    Key key = key(provider, scopes);
    AccessToken cached = usable(cache.get(key));
    if (cached != null) {
      return cached;
    }
    return flights.run(
        key,
        () -> {
          AccessToken again = usable(cache.get(key));
          if (again != null) {
            return again;
          }
          IssuedTokens issued = client.clientCredentials(provider, scopes);
          Instant fetched = clock.instant();
          AccessToken fresh = new AccessToken(issued.accessToken(), issued.accessTokenExpiresAt());
          if (fresh.expiresAt() != null) {
            cache.put(key, new Cached(fresh, fetched));
          }
          return fresh;
        });
  }

  /** A server refused this token: forget it, so the next call fetches a new one. */
  public void invalidate(OAuthProvider provider, List<String> scopes, String rejectedToken) {
    cache.computeIfPresent(
        key(provider, scopes),
        (k, cached) -> cached.token().value().equals(rejectedToken) ? null : cached);
  }

  /**
   * The client's app-only tokens with these scopes for a connection, through {@link TokenRetry}: a
   * refused one is forgotten and a new one fetched. There is no credential to mark.
   */
  public TokenSource source(OAuthProvider provider, List<String> scopes) {
    return new TokenSource() {
      @Override
      public AccessToken current() {
        return token(provider, scopes);
      }

      @Override
      public AccessToken replace(String rejected, String serverReply) {
        invalidate(provider, scopes, rejected);
        return token(provider, scopes);
      }
    };
  }

  private AccessToken usable(Cached cached) {
    return cached != null
            && schedule.usable(cached.token().expiresAt(), cached.fetchedAt(), clock.instant())
        ? cached.token()
        : null;
  }

  private static Key key(OAuthProvider provider, List<String> scopes) {
    return new Key(provider.id(), scopes.stream().sorted().distinct().toList());
  }
}
