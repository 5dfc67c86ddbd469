package dev.mailgate.credential;

import dev.mailgate.oauth.OAuthProvider.ProviderPreset;
import dev.mailgate.oauth.TokenClaims;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The warnings a credential's tokens deserve before they stop mail: no refresh token, a scope the
 * accounts' protocols need missing, a token for another API, a Google refresh token near the 7 days
 * after which a consent screen in "Testing" ends it. The scopes and audiences are Microsoft's and
 * Google's documented ones: Exchange Online's {@code IMAP.AccessAsUser.All}, {@code
 * POP.AccessAsUser.All} and {@code SMTP.Send} on {@code https://outlook.office.com}, Graph's {@code
 * Mail.*} on {@code https://graph.microsoft.com}, Gmail's {@code https://mail.google.com/}.
 */
final class TokenWarnings {

  /** Days after which a refresh token of a Google app in "Testing" is close to its end. */
  static final long GOOGLE_TESTING_WARNING_DAYS = 5;

  static final long GOOGLE_TESTING_LIFETIME_DAYS = 7;

  private static final Set<String> EXCHANGE_AUDIENCES =
      Set.of(
          "https://outlook.office.com",
          "https://outlook.office365.com",
          "00000002-0000-0ff1-ce00-000000000000");
  private static final Set<String> GRAPH_AUDIENCES =
      Set.of("https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000");

  /** Per protocol the delegated scopes of which one must be granted, the first named in advice. */
  private static final Map<String, List<String>> MICROSOFT_SCOPES =
      Map.of(
          "IMAP", List.of("IMAP.AccessAsUser.All"),
          "POP3", List.of("POP.AccessAsUser.All"),
          "SMTP", List.of("SMTP.Send"),
          "GRAPH", List.of("Mail.ReadWrite", "Mail.Read", "Mail.Send"));

  private TokenWarnings() {}

  static List<TokenWarning> of(
      ProviderPreset preset,
      Collection<String> protocols,
      TokenClaims claims,
      List<String> grantedScopes,
      boolean hasRefreshToken,
      boolean appOnly,
      Long refreshTokenAgeDays) {
    List<TokenWarning> warnings = new ArrayList<>();
    if (!hasRefreshToken && !appOnly) {
      warnings.add(noRefreshToken(preset));
    }
    if (preset == ProviderPreset.MICROSOFT_365) {
      List<String> scopes =
          claims != null && !claims.scopes().isEmpty() ? claims.scopes() : grantedScopes;
      for (String protocol : protocols.stream().distinct().sorted().toList()) {
        List<String> needed = MICROSOFT_SCOPES.get(protocol);
        if (needed != null && !appOnly && needed.stream().noneMatch(n -> has(scopes, n))) {
          String resource =
              protocol.equals("GRAPH")
                  ? "https://graph.microsoft.com/"
                  : "https://outlook.office.com/";
          warnings.add(scopeMissing(protocol, needed.getFirst(), resource + needed.getFirst()));
        }
      }
      if (claims != null && !claims.audience().isEmpty()) {
        for (String protocol : protocols.stream().distinct().sorted().toList()) {
          Set<String> expected = protocol.equals("GRAPH") ? GRAPH_AUDIENCES : EXCHANGE_AUDIENCES;
          if (claims.audience().stream().noneMatch(a -> expected.contains(trimSlash(a)))) {
            warnings.add(otherAudience(protocol, claims.audience(), expected));
          }
        }
      }
    }
    if (preset == ProviderPreset.GOOGLE) {
      if (!protocols.isEmpty() && !has(grantedScopes, "https://mail.google.com/")) {
        warnings.add(
            scopeMissing(
                String.join(", ", protocols.stream().distinct().sorted().toList()),
                "https://mail.google.com/",
                "https://mail.google.com/"));
      }
      if (refreshTokenAgeDays != null && refreshTokenAgeDays >= GOOGLE_TESTING_WARNING_DAYS) {
        warnings.add(googleTestingMode(refreshTokenAgeDays));
      }
    }
    return warnings;
  }

  private static TokenWarning noRefreshToken(ProviderPreset preset) {
    if (preset == ProviderPreset.GOOGLE) {
      return new TokenWarning(
          "NO_REFRESH_TOKEN",
          "Google sent no refresh token: the authorization did not ask for offline access, so"
              + " mail stops when this access token expires (within the hour).",
          "Add access_type=offline&prompt=consent to the provider's extra authorization"
              + " parameters (the Google preset sets them), then authorize the account again.");
    }
    return new TokenWarning(
        "NO_REFRESH_TOKEN",
        "The provider sent no refresh token: the profile does not ask for offline_access, so mail"
            + " stops when this access token expires.",
        "Add offline_access to the profile's scopes (Providers > the provider > Profiles), then"
            + " authorize the account again.");
  }

  private static TokenWarning scopeMissing(String protocol, String scope, String full) {
    return new TokenWarning(
        "SCOPE_MISSING",
        "The token does not grant "
            + scope
            + ", which "
            + protocol
            + " needs: the server will refuse the sign-in.",
        "Add "
            + full
            + " to the profile's scopes (and, in Entra ID, the delegated permission to the app"
            + " registration, with admin consent where the tenant asks for it), then authorize"
            + " the account again.");
  }

  private static TokenWarning otherAudience(
      String protocol, List<String> audience, Set<String> expected) {
    String wanted =
        expected.stream().filter(a -> a.startsWith("https://")).sorted().findFirst().orElseThrow();
    return new TokenWarning(
        "OTHER_AUDIENCE",
        "The access token is for "
            + String.join(", ", audience)
            + ", but "
            + protocol
            + " needs a token for "
            + wanted
            + ": Microsoft issues a token for one API only, that of the profile's first"
            + " resource scope.",
        "Make the profile ask for "
            + wanted
            + "/ scopes only (e.g. "
            + wanted
            + "/"
            + MICROSOFT_SCOPES.getOrDefault(protocol, List.of("...")).getFirst()
            + "), with Graph and Exchange scopes in separate profiles, then authorize the account"
            + " again.");
  }

  private static TokenWarning googleTestingMode(long ageDays) {
    return new TokenWarning(
        "GOOGLE_REFRESH_TOKEN_AGE",
        "The refresh token is "
            + ageDays
            + " days old. If the app's OAuth consent screen is in 'Testing', Google ends refresh"
            + " tokens after "
            + GOOGLE_TESTING_LIFETIME_DAYS
            + " days (invalid_grant: Token has been expired or revoked) and mail stops.",
        "Publish the app (Google Cloud console > OAuth consent screen > Publish app); an app in"
            + " production keeps its refresh tokens. Otherwise authorize the account again"
            + " before day "
            + GOOGLE_TESTING_LIFETIME_DAYS
            + ".");
  }

  /** Whether a scope is granted, by its last segment: Microsoft's token says SMTP.Send. */
  private static boolean has(List<String> granted, String scope) {
    String wanted = lastSegment(scope);
    return granted.stream()
        .anyMatch(g -> g.equalsIgnoreCase(scope) || lastSegment(g).equals(wanted));
  }

  private static String lastSegment(String scope) {
    String s = scope.toLowerCase(Locale.ROOT);
    if (s.endsWith("/")) {
      return s; // https://mail.google.com/ is a whole scope
    }
    int slash = s.lastIndexOf('/');
    return slash < 0 ? s : s.substring(slash + 1);
  }

  private static String trimSlash(String audience) {
    return audience.endsWith("/") ? audience.substring(0, audience.length() - 1) : audience;
  }
}
