package dev.mailgate.security.apitoken;

import dev.mailgate.security.ProblemResponses;
import dev.mailgate.security.SignInThrottle;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates REST calls by {@code Authorization: Bearer <API token>}. A token that is given but
 * unknown or revoked is answered at once, so the client learns which of the two is wrong.
 */
public class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

  public static final String ROLE = "API";
  private static final String BEARER = "Bearer ";

  private final ApiTokens tokens;
  private final ProblemResponses problems;
  private final SignInThrottle throttle;

  public ApiTokenAuthenticationFilter(
      ApiTokens tokens, ProblemResponses problems, SignInThrottle throttle) {
    this.tokens = tokens;
    this.problems = problems;
    this.throttle = throttle;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      chain.doFilter(request, response);
      return;
    }
    // Guessing tokens is throttled per client address, like passwords at the admin login.
    List<String> keys = List.of(SignInThrottle.address("API token", request.getRemoteAddr()));
    Optional<Duration> locked = throttle.locked(keys);
    if (locked.isPresent()) {
      tooMany(request, response, locked.get());
      return;
    }
    Optional<ApiToken> token = tokens.authenticate(header.substring(BEARER.length()).strip());
    if (token.isEmpty()) {
      Optional<Duration> lockedNow = throttle.failed("API token sign-in", keys);
      if (lockedNow.isPresent()) {
        tooMany(request, response, lockedNow.get());
        return;
      }
      problems.write(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          "The API token is unknown or has been revoked, or it has expired. Create a token in the admin UI under"
              + " Integrations > API tokens and send it as 'Authorization: Bearer <token>'.");
      return;
    }
    throttle.succeeded(keys);
    List<SimpleGrantedAuthority> authorities = new java.util.ArrayList<>();
    authorities.add(new SimpleGrantedAuthority("ROLE_" + ROLE));
    token.get().scopes().stream()
        .flatMap(scope -> ApiScope.of(scope).stream())
        .forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
    var authentication =
        UsernamePasswordAuthenticationToken.authenticated(
            "api-token:" + token.get().name(), null, authorities);
    SecurityContextHolder.getContext().setAuthentication(authentication);
    chain.doFilter(request, response);
  }

  private void tooMany(HttpServletRequest request, HttpServletResponse response, Duration left)
      throws IOException {
    long seconds = Math.max(1, left.toSeconds() + (left.toMillisPart() > 0 ? 1 : 0));
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
    problems.write(
        request,
        response,
        HttpStatus.TOO_MANY_REQUESTS,
        "Too many unknown or revoked API tokens from this address: API sign-in is locked for "
            + seconds
            + " more seconds. Check the token the client sends, then try again.");
  }
}
