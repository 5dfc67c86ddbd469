package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AccountType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an authorization covers what an account needs. OpenID scopes are left out of the
 * comparison: providers grant them without always echoing them back (Microsoft lists only the
 * resource scopes, Google answers with URLs), and they say nothing about mail access.
 */
final class ScopeCoverage {

  private static final Set<String> IDENTITY_ONLY =
      Set.of("openid", "email", "profile", "offline_access");

  /**
   * The word each protocol's scope carries (Microsoft's IMAP.AccessAsUser.All, the sandbox's pop).
   */
  private static final Map<AccountType, String> PROTOCOL_WORD =
      Map.of(AccountType.IMAP, "imap", AccountType.POP3, "pop", AccountType.SMTP, "smtp");

  /** Microsoft 365's scope for each protocol (Exchange Online's OAuth permissions). */
  private static final Map<AccountType, String> MICROSOFT_SCOPE =
      Map.of(
          AccountType.IMAP, "https://outlook.office.com/IMAP.AccessAsUser.All",
          AccountType.POP3, "https://outlook.office.com/POP.AccessAsUser.All",
          AccountType.SMTP, "https://outlook.office.com/SMTP.Send");

  private ScopeCoverage() {}

  /**
   * The scope a profile lacks for this protocol, when its scopes name mail protocols one by one
   * (Microsoft 365, the sandbox) but not this one: a POP3 account on an "IMAP + SMTP" profile gets
   * tokens its server refuses. Empty where the profile names no protocol (Google's
   * https://mail.google.com/ covers all three; app-only {@code .default} scopes).
   */
  static Optional<String> missingForProtocol(AccountType type, List<String> profileScopes) {
    List<String> lower = profileScopes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    boolean namesAny =
        lower.stream().anyMatch(s -> PROTOCOL_WORD.values().stream().anyMatch(w -> names(s, w)));
    boolean namesThis = lower.stream().anyMatch(s -> names(s, PROTOCOL_WORD.get(type)));
    if (!namesAny || namesThis) {
      return Optional.empty();
    }
    boolean microsoft = lower.stream().anyMatch(s -> s.startsWith("https://outlook.office"));
    return Optional.of(microsoft ? MICROSOFT_SCOPE.get(type) : PROTOCOL_WORD.get(type));
  }

  /** Whether a scope is the protocol's: the word alone, or as the start of its last segment. */
  private static boolean names(String scope, String word) {
    String last = scope.substring(scope.lastIndexOf('/') + 1);
    return last.equals(word) || last.startsWith(word + ".");
  }

  /** The required scopes the granted ones lack, in the required order. */
  static List<String> missing(List<String> required, List<String> granted) {
    if (granted == null || granted.isEmpty()) {
      return List.of(); // the provider did not say what it granted: trust the request
    }
    return required.stream()
        .filter(scope -> !IDENTITY_ONLY.contains(scope))
        .filter(scope -> !granted.contains(scope))
        .toList();
  }
}
