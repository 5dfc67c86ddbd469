package dev.mailgate.oauth;

import java.util.List;
import java.util.UUID;

/**
 * Who uses a provider's profiles, asked before one is deleted. The account feature answers; the
 * oauth feature only knows this question, so it does not depend on accounts.
 */
public interface ProfileUsers {

  /** Names of the accounts that sign in through this profile. */
  List<String> accountsUsingProfile(UUID profileId);

  /** Names of the accounts that sign in through any profile of this provider. */
  List<String> accountsUsingProvider(UUID providerId);
}
