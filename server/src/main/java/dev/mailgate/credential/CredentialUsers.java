package dev.mailgate.credential;

import java.util.List;
import java.util.UUID;

/**
 * Which accounts sign in with a credential, asked to show whose mail stops when it needs
 * re-authorization. The account feature answers; the credential feature only knows the question, so
 * it does not depend on accounts.
 */
public interface CredentialUsers {

  /** An account signing in with the tokens of an identity at a provider. */
  record CredentialUser(UUID accountId, String accountName) {}

  List<CredentialUser> accountsUsing(UUID providerId, String identity);
}
