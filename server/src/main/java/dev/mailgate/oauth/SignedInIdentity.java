package dev.mailgate.oauth;

import com.nimbusds.jwt.JWTParser;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who actually signed in, read from claims in the order of trust: the validated ID token, else the
 * access token if it is a JWT (it came straight from the token endpoint over TLS), else the
 * userinfo endpoint. A person can carry several names (Microsoft: UPN and e-mail may differ), so
 * all identity claims are kept and the expected identity matches any of them, case-insensitively.
 */
public record SignedInIdentity(List<String> names) {

  /** The claims that name a user, most specific first. */
  static final List<String> CLAIMS =
      List.of("email", "preferred_username", "upn", "unique_name", "mail");

  public static Optional<SignedInIdentity> fromClaims(Map<String, Object> claims) {
    List<String> names = new ArrayList<>();
    for (String claim : CLAIMS) {
      Object value = claims.get(claim);
      if (value instanceof String text && !text.isBlank() && !names.contains(text)) {
        names.add(text);
      }
    }
    return names.isEmpty() ? Optional.empty() : Optional.of(new SignedInIdentity(names));
  }

  /** The access token's claims, if it is a JWT at all (Microsoft's and Google's may not be). */
  public static Optional<SignedInIdentity> fromAccessToken(String accessToken) {
    try {
      return fromClaims(JWTParser.parse(accessToken).getJWTClaimsSet().getClaims());
    } catch (ParseException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public boolean matches(String expected) {
    String wanted = expected.strip().toLowerCase(Locale.ROOT);
    return names.stream().anyMatch(name -> name.strip().toLowerCase(Locale.ROOT).equals(wanted));
  }

  /** The name to show: the first one. */
  public String display() {
    return names.getFirst();
  }
}
