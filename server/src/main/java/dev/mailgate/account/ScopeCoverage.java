package dev.mailgate.account;

import dev.mailgate.account.EmailAccount.AccountType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether an authorization covers what an account needs. OpenID scopes are left out of the
 * comparison: providers grant them without always echoing them back (Microsoft lists only the
 * resource scopes, Google answers with URLs), and they say nothing about mail access.
 */
final class ScopeCoverage {

  private static final Set<String> IDENTITY_ONLY =
      Set.of("openid", "email", "profile", "offline_access");

  /**
   * The word each protocol's scope carries (Microsoft's IMAP.AccessAsUser.All, the sandbox's pop,
   * Graph's Mail.ReadWrite or https://graph.microsoft.com/Mail.Send).
   */
  private static final Map<AccountType, String> PROTOCOL_WORD =
      Map.of(
          AccountType.IMAP,
          "imap",
          AccountType.POP3,
          "pop",
          AccountType.SMTP,
          "smtp",
          AccountType.GRAPH,
          "mail");

  /** Microsoft 365's scope for each protocol (Exchange Online's OAuth permissions, Graph's). */
  private static final Map<AccountType, String> MICROSOFT_SCOPE =
      Map.of(
          AccountType.IMAP, "https://outlook.office.com/IMAP.AccessAsUser.All",
          AccountType.POP3, "https://outlook.office.com/POP.AccessAsUser.All",
          AccountType.SMTP, "https://outlook.office.com/SMTP.Send",
          AccountType.GRAPH, "Mail.ReadWrite");

  /** The app-only scope of Graph: every application permission consented to the client. */
  static final String GRAPH_DEFAULT = "https://graph.microsoft.com/.default";

  /** The app-only scope of Exchange Online's IMAP, POP3 and SMTP. */
  static final String EXCHANGE_DEFAULT = "https://outlook.office365.com/.default";

  private static final Pattern GRAPH_MAIL =
      Pattern.compile("mail\\.(read|readwrite|send|readbasic)(\\.shared|\\.all)?");

  private ScopeCoverage() {}

  /**
   * The scope a profile lacks for this protocol, when its scopes name mail protocols one by one
   * (Microsoft 365, the sandbox) but not this one: a POP3 account on an "IMAP + SMTP" profile gets
   * tokens its server refuses. Empty where the profile names no protocol (Google's
   * https://mail.google.com/ covers all three; app-only {@code .default} scopes).
   */
  static Optional<String> missingForProtocol(AccountType type, List<String> profileScopes) {
    List<String> lower = profileScopes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    Optional<String> appOnly = appOnlyResource(type, lower);
    if (appOnly.isPresent()) {
      return appOnly;
    }
    boolean namesAny =
        lower.stream().anyMatch(s -> PROTOCOL_WORD.values().stream().anyMatch(w -> names(s, w)));
    boolean namesThis = lower.stream().anyMatch(s -> names(s, PROTOCOL_WORD.get(type)));
    if (!namesAny || namesThis) {
      return Optional.empty();
    }
    // Graph's permissions are Microsoft's too; Graph has no bare protocol word of its own
    boolean microsoft =
        type == AccountType.GRAPH
            || lower.stream()
                .anyMatch(s -> s.startsWith("https://outlook.office") || names(s, "mail"));
    return Optional.of(microsoft ? MICROSOFT_SCOPE.get(type) : PROTOCOL_WORD.get(type));
  }

  /**
   * A Microsoft {@code .default} scope is for one resource: Graph's token is refused by Exchange's
   * IMAP, POP3 and SMTP, and Exchange's by Graph (its audience is the other service).
   */
  private static Optional<String> appOnlyResource(AccountType type, List<String> lower) {
    boolean graph = lower.contains(GRAPH_DEFAULT);
    boolean exchange = lower.stream().anyMatch(s -> s.startsWith("https://outlook.office"));
    if (type == AccountType.GRAPH && !graph && lower.stream().anyMatch(ScopeCoverage::isDefault)) {
      return Optional.of(GRAPH_DEFAULT);
    }
    if (type != AccountType.GRAPH && graph && !exchange) {
      return Optional.of(EXCHANGE_DEFAULT);
    }
    return Optional.empty();
  }

  private static boolean isDefault(String scope) {
    return scope.endsWith("/.default");
  }

  /**
   * Whether a delegated profile may reach another person's mailbox through Graph: Graph answers
   * {@code /users/{shared address}} only to a token with a {@code .Shared} permission.
   */
  static boolean coversSharedMailbox(List<String> profileScopes) {
    return profileScopes.stream()
        .map(s -> s.toLowerCase(Locale.ROOT))
        .anyMatch(s -> names(s, "mail") && s.endsWith(".shared"));
  }

  /**
   * Whether a scope is the protocol's: the word alone, or as the start of its last segment; for
   * Graph one of its mail permissions (Mail.Read, Mail.ReadWrite, Mail.Send, their .Shared forms).
   */
  private static boolean names(String scope, String word) {
    String last = scope.substring(scope.lastIndexOf('/') + 1);
    if (word.equals("mail")) {
      return GRAPH_MAIL.matcher(last).matches();
    }
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
