package dev.mailgate.sandbox;

import java.util.HashMap;
import java.util.Map;

/**
 * How many requests the sandbox token endpoint received, by {@code grant_type}, answered or
 * refused. Take one before and one after, and {@link #since} tells what happened in between:
 *
 * <pre>{@code
 * TokenRequests before = sandbox.oauth().tokenRequests();
 * ... // the code under test
 * assertThat(sandbox.oauth().tokenRequests().since(before).refreshToken()).isEqualTo(1);
 * }</pre>
 */
public record TokenRequests(Map<String, Long> byGrantType) {

  public TokenRequests {
    byGrantType = Map.copyOf(byGrantType);
  }

  /** Requests with this {@code grant_type} ({@code "(none)"} for a request without one). */
  public long of(String grantType) {
    return byGrantType.getOrDefault(grantType, 0L);
  }

  public long authorizationCode() {
    return of("authorization_code");
  }

  public long refreshToken() {
    return of("refresh_token");
  }

  public long clientCredentials() {
    return of("client_credentials");
  }

  public long total() {
    return byGrantType.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The requests made after {@code earlier} was taken. */
  public TokenRequests since(TokenRequests earlier) {
    Map<String, Long> difference = new HashMap<>(byGrantType);
    earlier.byGrantType.forEach((grant, count) -> difference.merge(grant, -count, Long::sum));
    return new TokenRequests(difference);
  }
}
