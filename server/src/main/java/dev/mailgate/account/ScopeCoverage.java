package dev.mailgate.account;

import java.util.List;
import java.util.Set;

/**
 * Whether an authorization covers what an account needs. OpenID scopes are left out of the
 * comparison: providers grant them without always echoing them back (Microsoft lists only the
 * resource scopes, Google answers with URLs), and they say nothing about mail access.
 */
final class ScopeCoverage {

  private static final Set<String> IDENTITY_ONLY =
      Set.of("openid", "email", "profile", "offline_access");

  private ScopeCoverage() {}

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
